"""The words the grammar knows, how a line is cut into them, and what a single word means.

Every table and pattern the time grammar recognises lives here, so what counts as a weekday, a
clock time, a year or a zone is decided in one place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time, timedelta

DAYWORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed", "weds"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
PARTS = {
    "morning": (10, 0, True),
    "afternoon": (15, 0, True),
    "evening": (18, 0, True),
    "night": (20, 0, True),
    "lunchtime": (12, 0, True),
    "noon": (12, 0, False),
    "midday": (12, 0, False),
    "midnight": (0, 0, False),
}
UNITS = {
    "minute": timedelta(minutes=1),
    "minutes": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "mins": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hours": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "day": timedelta(days=1),
    "days": timedelta(days=1),
    "week": timedelta(weeks=1),
    "weeks": timedelta(weeks=1),
}
FILLERS = frozenset(
    {"on", "at", "@", "~", "around", "about", "approx", "approximately", "the", "of", "in", "from"}
    | {"-", "–", "—"}
)
RANGE_WORDS = frozenset({"-", "–", "—", "to", "till", "until"})
OCLOCK = frozenset({"o'clock", "o’clock", "oclock"})
VAGUE = frozenset(
    {"soon", "sometime", "recently", "earlier", "later", "week", "month", "while", "other"}
)
CLOCK_AMPM = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.?|p\.m\.?)$", re.ASCII)
CLOCK_24 = re.compile(r"^(\d{1,2})(?::|h)(\d{2})(?:h)?$", re.ASCII)
CLOCK_H = re.compile(r"^(\d{1,2})h$", re.ASCII)
"""``15h``: the French and German habit for 15:00."""
CLOCK_DOT = re.compile(r"^(\d{1,2})\.(\d{2})$", re.ASCII)
"""``14.30``: a time, or a day.month date; which one is decided in the grammar."""
SHORT_SPAN = re.compile(r"^(\d{1,4})(m|min|mins|h|hr|hrs|d)$", re.ASCII)
"""``90m``, ``2h``, ``3d``: a length of time written as one word."""
CLOCK_RANGE = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?[-–](\d{1,2})(?:[:.](\d{2}))?"
    r"(am|pm|a\.m\.?|p\.m\.?)?$",
    re.ASCII,
)
AMPM = re.compile(r"^(am|pm|a\.m\.?|p\.m\.?)$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:t(\d{1,2}):(\d{2}))?$", re.ASCII)
NUMDATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$", re.ASCII)
ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$", re.ASCII)
_DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$", re.ASCII)
NUMBER = re.compile(r"^\d{1,4}$", re.ASCII)
CLAUSE_WORDS = ("with", "w/", "for", "as")
HEAD_CLAUSE_WORDS = ("with", "w/")
TRIM = " \t,;:-–—"


@dataclass(frozen=True, slots=True)
class Token:
    raw: str
    norm: str
    start: int
    end: int


_WORD = re.compile(r"\S+")


def split_tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for match in _WORD.finditer(text):
        raw = match.group()
        norm = raw.lower().rstrip(",;!?")
        if norm.endswith(".") and not norm.endswith(("a.m.", "p.m.")):
            norm = norm.rstrip(".")
        out.append(Token(raw, norm, match.start(), match.end()))
    return out


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clean_text(text: str) -> str:
    """Control and format characters become spaces; runs of spaces collapse."""
    if text.isascii() and text.isprintable():  # no such character: only the spaces to do
        return " ".join(text.split())
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(cleaned.split())


def clock_of(hour: int, minute: int, ampm: str | None) -> tuple[int, int] | None:
    if minute > 59:
        return None
    if ampm is None:
        return (hour, minute) if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    if ampm.startswith("a"):
        return (0 if hour == 12 else hour, minute)
    return (12 if hour == 12 else hour + 12, minute)


def year_of(token: Token | None) -> int | None:
    if token is None or not NUMBER.match(token.norm) or len(token.norm) != 4:
        return None
    return int(token.norm)


def day_number(token: Token | None) -> int | None:
    """1-31 from ``20`` or ``20th``; None otherwise."""
    match = _DAY_NUMBER.match(token.norm) if token is not None else None
    return int(match[1]) if match and 1 <= int(match[1]) <= 31 else None


SHORT_UNITS = {
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "mins": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "d": timedelta(days=1),
}
_PLAIN_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?$", re.ASCII)


def read_clock(text: str) -> time | None:
    """One clock time on its own: ``10pm``, ``7:30am``, ``22:00``, ``7``, ``22h`` -> a time.

    Without am/pm the hour is read on the 24-hour clock (quiet hours "22-7")."""
    word = " ".join(text.lower().split()).replace(" ", "")
    if match := CLOCK_AMPM.match(word):
        clock = clock_of(int(match[1]), int(match[2] or 0), match[3])
    elif match := _PLAIN_CLOCK.match(word) or CLOCK_H.match(word):
        minute = match[2] if match.re is _PLAIN_CLOCK else None
        clock = clock_of(int(match[1]), int(minute or 0), None)
    else:
        return None
    return time(*clock) if clock is not None else None
