"""What the parser answers with, shared by every part of it (limits: `bot.interviews.limits`).

Kept apart from the parsing so the messages, the grammar and the callers can all name the
results without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


def describe_time(at: datetime) -> str:
    """``"Sat 21 Nov 15:00 CET"``: short, unambiguous, in the zone ``at`` carries."""
    return f"{at:%a} {at.day} {at:%b} {at:%H:%M} {at.tzname() or ''}".rstrip()


DECISION_EXAMPLE = "/outcome pending by Friday"
DECISION_TIME = (17, 0)
"""A decision promised "by Friday" is expected by the end of that working day."""
