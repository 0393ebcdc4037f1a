"""Understanding ``/interviewed Acme yesterday 3pm with Dana Lee for the Data Engineer role``.

Handing the whole line to dateparser does not work: company names turn into dates ("May
Mobility", "Sun Life", "March Networks", "Acme 2nd round"), weekday names without a time are
resolved inconsistently, and "yesterday at 3" silently becomes 10:00. So the line is read with
a small, strict grammar instead:

1. Words are classified (day words, weekdays, months, clock times, dates, "ago" phrases, zones).
   A month counts only next to a day number, a bare number only as part of a date or "3 pm".
2. Each position is tried as the start of a time expression; the one with the most parts (day
   and time), then the longest, wins. The company is the text before it, so it can never start
   at the first word unless the company was quoted or given separately.
3. What follows ("with Dana Lee and Sam Park", "for the Data Engineer role", "as Data
   Engineer") gives the interviewers and the role.

Choices, stated: a weekday alone means the most recent one (today included), "last Tue" the one
before today, "next Tue" the one after, "this Tue" the one in this Monday-to-Sunday week; a date
without a year means the nearest such date; a time without a day means today. A day without a
time of day is accepted at a stated default (12:00, or 10:00/15:00/18:00/20:00 for morning,
afternoon, evening, night) and ``understood`` says so. Vague ("soon", "last week"), bare ("3",
"at 3") or ambiguous ("05/11") times are asked about, never guessed. A zone in the text ("3pm
Europe/Paris", "3pm CET") is honoured; the result is always given in the user's zone.
Clause words ("with", "for", "as") count only in lower case, and before the time only "with"
does, so "Bread for the World" stays whole; quoting the company always works.

`parse_decision_date` reads "they'll decide by Friday" with the same grammar, looking forward:
a weekday alone is the coming one, a day alone means 17:00 that day, and the result must lie
ahead.

The parts: `values` (results and limits), `tokens` (the words), `grammar` (one time
expression), `locate` (which words are the time), `clauses` (company, interviewers, role),
`resolve` (against now), `problems` (questions asked back), `interview` and `decision` (the
two kinds of line). This module holds the entry points, which never raise.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.interviews.when import zones

# The inner parsers have no safety net; the entry points below look them up here, so this is
# the one place that decides what a failure inside them turns into.
from bot.interviews.when.decision import _parse_decision as _parse_decision
from bot.interviews.when.interview import _parse as _parse
from bot.interviews.when.tokens import read_clock
from bot.interviews.when.values import (
    DECISION_EXAMPLE,
    DECISION_TIME,
    EXAMPLE,
    InterviewDetails,
    ParseProblem,
    describe_time,
)

__all__ = [
    "DECISION_EXAMPLE",
    "DECISION_TIME",
    "EXAMPLE",
    "InterviewDetails",
    "ParseProblem",
    "describe_time",
    "parse_decision_date",
    "parse_interview",
    "parse_later",
    "read_clock",
    "warm_up",
]

log = logging.getLogger(__name__)


def parse_interview(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    fields: Mapping[str, str] | None = None,
) -> InterviewDetails | ParseProblem:
    """Read an interview from free text (and Discord's structured ``fields``, which win).

    Never raises: anything unexpected is logged and answered with a friendly problem.
    """
    try:
        return _parse(text, now=now, tz=tz, fields=fields)
    except Exception:
        log.exception("could not parse interview text")
        return ParseProblem("text", "Sorry, I couldn't read that. Could you write it like this?")


def parse_decision_date(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | ParseProblem:
    """When the employer said they would decide: "Friday", "next Tue", "4 Dec", "in 2 weeks",
    "next week", "2026-12-04 12:00". Aware, in the user's zone, strictly after ``now``.

    A day alone means 17:00 that day; a weekday alone the coming one (today if 17:00 is still
    ahead); "this/next week" the Friday of that week. Never raises.
    """
    try:
        return _parse_decision(text, now=now, tz=tz)
    except Exception:
        log.exception("could not parse decision date")
        return ParseProblem("when", "Sorry, I couldn't read that date.", DECISION_EXAMPLE)


def parse_later(
    text: str, *, now: datetime, tz: ZoneInfo, default: tuple[int, int]
) -> datetime | None:
    """A moment ahead, read like a decision date ("monday 9am", "tomorrow 14:00", "friday"),
    with ``default`` as the time of a day alone; None when unreadable or not ahead."""
    try:
        found = _parse_decision(text, now=now, tz=tz, default=default)
    except Exception:
        log.exception("could not parse a later time")
        return None
    return found if isinstance(found, datetime) else None


def warm_up() -> None:
    """Pay first-use costs (regex compilation, zone data) at start-up rather than on a user's
    first command."""
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    parse_interview(EXAMPLE, now=moment, tz=ZoneInfo("UTC"))
    parse_decision_date("Friday", now=moment, tz=ZoneInfo("UTC"))
    zones.warm_up()
