"""Reading the arguments of the interview commands and the values of their buttons.

Ids, snooze lengths, outcomes, timezone names and quiet hours arrive as free text typed by the
user or as button values that may be stale or forged. Every reader here is strict and returns
None for anything it does not recognise, so the handlers never guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from bot.interviews.ids import read_interview_id
from bot.interviews.limits import COMPANY_MAX, ID_MAX, NAME_MAX, NAMES_MAX, ROLE_MAX
from bot.interviews.outcomes import read_outcome
from bot.interviews.service import NewInterview
from bot.interviews.when import InterviewDetails, read_clock

_ID = re.compile(r"^#?(\d{1,10})$")


def parse_id(text: str) -> int | None:
    """``12`` or ``#12`` -> 12; anything else, or a number no row can have, -> None."""
    match = _ID.match(text.strip())
    if match is None:
        return None
    value = int(match.group(1))
    return value if 0 < value <= ID_MAX else None


def new_interview(parsed: InterviewDetails) -> tuple[NewInterview, list[str]] | None:
    """What to register, cut to the stored lengths, with a note for each cut; None when no
    company is left once spaces are tidied."""
    notes: list[str] = []
    company = " ".join(parsed.company.split())
    if not company:
        return None
    if len(company) > COMPANY_MAX:
        company = company[:COMPANY_MAX].rstrip()
        notes.append(f"I shortened the company name to {COMPANY_MAX} characters.")
    names: list[str] = []
    for name in parsed.interviewers[:NAMES_MAX]:
        name = " ".join(name.split())
        if len(name) > NAME_MAX:
            name = name[:NAME_MAX].rstrip()
            notes.append(f"I shortened a name to {NAME_MAX} characters.")
        if name:
            names.append(name)
    role = " ".join(parsed.role.split())[:ROLE_MAX] if parsed.role else None
    interview = NewInterview(company=company, at=parsed.at, interviewers=tuple(names), role=role)
    return interview, notes


@dataclass(frozen=True, slots=True)
class OutcomeArgs:
    """``outcome [ID] offer|rejected|withdrawn|pending [by DATE]``, read."""

    interview_id: int | None
    outcome: str | None
    """None when no word names an outcome; "pending" when only "by DATE" was given."""
    decide_by: str | None
    """The text after "by", still to be read as a date."""


def outcome_args(rest: str) -> OutcomeArgs:
    """The optional interview id, the outcome word and any "by DATE" text."""
    words = rest.split()
    interview_id = read_interview_id(words[0]) if words else None
    if interview_id is not None:
        words = words[1:]
    text = " ".join(words)
    outcome: str | None = next(
        (found for found in map(read_outcome, words) if found is not None), None
    )
    by_match = re.search(r"\bby\s+(.+)$", text, re.IGNORECASE)
    if outcome is None and by_match:
        outcome = "pending"
    return OutcomeArgs(interview_id, outcome, by_match.group(1) if by_match else None)


def outcome_fields(fields: Mapping[str, str]) -> OutcomeArgs:
    """The same, from a platform's typed options (``result``, ``interview``, ``by``)."""
    raw_id = fields.get("interview", "")
    by = fields.get("by") or None
    outcome: str | None = read_outcome(fields.get("result", ""))
    if outcome is None and by:
        outcome = "pending"
    return OutcomeArgs(read_interview_id(raw_id) if raw_id else None, outcome, by)


def parse_span(text: str) -> tuple[time, time] | None:
    """``22:00-07:30``, ``10pm-7am`` (or ``22 to 7``) -> (start, end); None when unreadable
    or empty."""
    parts = re.split(r"\s*(?:-|–|\bto\b)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = read_clock(parts[0]), read_clock(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end
