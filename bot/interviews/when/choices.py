"""A day without a time ("yesterday", "this morning", "tonight"): ask, offering likely times.

The README promises that an unclear time is asked about, never guessed. The question comes with
the likely times as one-click choices, each the user's own line with the time added, so a click
registers exactly what a retyped line would.
"""

from __future__ import annotations

from datetime import datetime

from bot.interviews.when.tokens import Token
from bot.interviews.when.values import ParseProblem

LIKELY_HOURS: dict[tuple[int, int] | None, tuple[int, ...]] = {
    None: (10, 14, 16),
    (10, 0): (9, 10, 11),  # morning
    (15, 0): (14, 15, 16),  # afternoon
    (18, 0): (17, 18, 19),  # evening
    (20, 0): (18, 19, 20),  # night, tonight
    (12, 0): (12, 13),  # lunchtime
}
"""The times offered for a day alone, or for a part of the day (keyed by its usual hour)."""
CHOICE_MAX = 76
"""Longest line a choice may carry: a button's value must fit Discord's 100-character id."""


def ask_time(
    *,
    day: datetime,
    part: tuple[int, int] | None,
    now: datetime,
    before_now: bool,
    line: str | None,
    tokens: list[Token],
    end: int,
    shift: int = 0,
) -> ParseProblem:
    """ "What time on Sat 21 Nov?" with the likely times; ``line`` None offers none (the time
    came in a separate field)."""
    hours = LIKELY_HOURS.get(part, LIKELY_HOURS[None])
    moments = [day.replace(hour=hour, minute=0) for hour in hours]
    if before_now:
        moments = [m for m in moments if m <= now]
        if not moments:  # early in the day: the last full hours before now
            moments = [now.replace(hour=h, minute=0) for h in range(max(0, now.hour - 2), now.hour)]
    choices: list[tuple[str, str]] = []
    if line is not None and tokens:
        cut = shift + tokens[end - 1].end if end > 0 else len(line)
        for moment in moments:
            label = f"{moment:%H:%M}"
            choice = f"{line[:cut]} {label}{line[cut:]}"
            if len(choice) <= CHOICE_MAX:
                choices.append((label, choice))
    when = "today" if day.date() == now.date() else f"on {day:%a} {day.day} {day:%b}"
    return ParseProblem(
        "when",
        f"What time {when}? Pick one, or add the time to your line, like 3pm or 15:00.",
        choices=tuple(choices),
    )
