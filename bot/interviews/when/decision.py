"""When the employer will decide ("by Friday", "next week"), read looking forward.

Uses the same grammar as interviews, but a weekday or a date alone means the coming one and the
answer must lie ahead. Wrapped by `parse_decision_date`, which catches anything unexpected.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.interviews.limits import DISTANCE_MAX, LINE_MAX
from bot.interviews.when.locate import _best, _candidates
from bot.interviews.when.problems import _quote
from bot.interviews.when.resolve import _localize, _resolve
from bot.interviews.when.tokens import TRIM, clean_text, split_tokens
from bot.interviews.when.values import (
    DECISION_EXAMPLE,
    DECISION_TIME,
    ParseProblem,
    describe_time,
)

_WEEK_PHRASE = re.compile(r"^(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(this|next)?\s*week$")
_DECISION_LEAD = re.compile(
    r"^(?:(?:they(?:'|’)?ll|they\s+will|will)\s+)?(?:decide\s+)?(?:by|on|until|before|around)?\s*"
)


def _parse_decision(
    text: str, *, now: datetime, tz: ZoneInfo, default: tuple[int, int] = DECISION_TIME
) -> datetime | ParseProblem:
    line = clean_text(text or "")
    if len(line) > LINE_MAX:
        return ParseProblem("text", "That's longer than I can read.", DECISION_EXAMPLE)
    line = _DECISION_LEAD.sub("", line.lower(), count=1).strip(TRIM + ".!?")
    if not line:
        return ParseProblem(
            "when", "By when did they say they would decide? A day is enough.", DECISION_EXAMPLE
        )
    local_now = now.astimezone(tz)
    week = _WEEK_PHRASE.match(line)
    if week is not None:
        friday = local_now.date() + timedelta(days=4 - local_now.weekday())
        if week.group(1) == "next":
            friday += timedelta(days=7)
        at = _localize(datetime(friday.year, friday.month, friday.day, *default), tz)
        return _future_only(at, now)
    tokens = split_tokens(line)
    best = _best(_candidates(tokens, 0))
    if best is None:
        return ParseProblem(
            "when",
            f"I couldn't find a date in {_quote(line)}. Try “Friday”, “next Tue”, “4 Dec” "
            "or “2026-12-04”.",
            DECISION_EXAMPLE,
        )
    if best.problem is not None:
        return ParseProblem("when", best.problem, DECISION_EXAMPLE)
    resolved = _resolve(best, now, tz, future=True, default=default)
    if isinstance(resolved, str):
        return ParseProblem("when", resolved, DECISION_EXAMPLE)
    at, _ = resolved
    if at <= now and best.day is not None and best.day[:2] == ("weekday", "recent"):
        at = _localize(at.replace(tzinfo=None) + timedelta(days=7), tz)  # Friday evening: next
    return _future_only(at, now)


def _future_only(at: datetime, now: datetime) -> datetime | ParseProblem:
    if at <= now:
        return ParseProblem(
            "when",
            f"{describe_time(at)} has already passed. When will they decide?",
            DECISION_EXAMPLE,
        )
    if at - now > DISTANCE_MAX:
        return ParseProblem(
            "when",
            f"{describe_time(at)} is more than a year away; check the date.",
            DECISION_EXAMPLE,
        )
    return at
