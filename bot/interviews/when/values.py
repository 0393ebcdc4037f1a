"""What the parser answers with, shared by every part of it (limits: `bot.interviews.limits`).

Kept apart from the parsing so the messages, the grammar and the callers can all name the
results without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.interviews.when.tokens import MONTH_NAMES, WEEKDAY_NAMES

EXAMPLE = "/interviewed Acme yesterday 3pm with Dana Lee"


@dataclass(frozen=True, slots=True)
class InterviewDetails:
    """What `/interviewed` understood."""

    company: str
    at: datetime
    """Aware, in the user's zone."""
    interviewers: tuple[str, ...]
    role: str | None
    understood: str
    """Human echo of the time, e.g. ``"Sat 21 Nov 15:00 CET"`` (plus any assumption made)."""
    assumed_time: bool = False
    """True when no time of day was given and a stated default was used."""
    assumed: tuple[str, ...] = ()
    """Readings that could be wrong, stated back ("“EST” read as US Eastern Standard Time")."""


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Why a line could not be understood, in plain text, with the right form to copy."""

    field: str
    """``"company"``, ``"when"`` or ``"text"``."""
    message: str
    example: str = EXAMPLE
    choices: tuple[tuple[str, str], ...] = ()
    """One-click answers: (label, the whole line to read instead), such as ("14:00",
    "Acme yesterday 14:00")."""


_DAY_ABBREVIATIONS = tuple(name[:3] for name in WEEKDAY_NAMES)


def describe_time(at: datetime) -> str:
    """``"Sat 21 Nov 15:00 CET"``: short, unambiguous, in the zone ``at`` carries.

    The English names strftime's ``%a %b`` give (Python never switches the time locale from
    C), from tables: four strftime calls were most of the cost of a reply's time labels."""
    day, month = _DAY_ABBREVIATIONS[at.weekday()], MONTH_NAMES[at.month - 1]
    return f"{day} {at.day} {month} {at.hour:02d}:{at.minute:02d} {at.tzname() or ''}".rstrip()


DECISION_EXAMPLE = "/outcome pending by Friday"
DECISION_TIME = (17, 0)
"""A decision promised "by Friday" is expected by the end of that working day."""
