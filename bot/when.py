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
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

EXAMPLE = "/interviewed Acme yesterday 3pm with Dana Lee"
MAX_TEXT = 500
MAX_COMPANY = 100
MAX_NAME = 80
MAX_NAMES = 10
MAX_DISTANCE = timedelta(days=366)
"""Interviews further than this from today are almost certainly a typo in the year."""


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


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Why a line could not be understood, in plain text, with the right form to copy."""

    field: str
    """``"company"``, ``"when"`` or ``"text"``."""
    message: str
    example: str = EXAMPLE


# -- public entry points --------------------------------------------------------------------


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


def describe_time(at: datetime) -> str:
    """``"Sat 21 Nov 15:00 CET"``: short, unambiguous, in the zone ``at`` carries."""
    return f"{at:%a} {at.day} {at:%b} {at:%H:%M} {at.tzname() or ''}".rstrip()


DECISION_EXAMPLE = "/outcome pending by Friday"
DECISION_TIME = (17, 0)
"""A decision promised "by Friday" is expected by the end of that working day."""


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


def warm_up() -> None:
    """Pay first-use costs (regex compilation, zone data) at start-up rather than on a user's
    first command."""
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    parse_interview(EXAMPLE, now=moment, tz=ZoneInfo("UTC"))
    parse_decision_date("Friday", now=moment, tz=ZoneInfo("UTC"))


# -- tokens ---------------------------------------------------------------------------------

_DAYWORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_WEEKDAYS = {
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
_MONTHS = {
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
_PARTS = {
    "morning": (10, 0, True),
    "afternoon": (15, 0, True),
    "evening": (18, 0, True),
    "night": (20, 0, True),
    "lunchtime": (12, 0, True),
    "noon": (12, 0, False),
    "midday": (12, 0, False),
    "midnight": (0, 0, False),
}
_UNITS = {
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
_FILLERS = frozenset(
    {"on", "at", "@", "~", "around", "about", "approx", "approximately", "the", "of", "in", "from"}
    | {"-", "–", "—"}
)
_RANGE_WORDS = frozenset({"-", "–", "—", "to", "till", "until"})
_OCLOCK = frozenset({"o'clock", "o’clock", "oclock"})
_VAGUE = frozenset(
    {"soon", "sometime", "recently", "earlier", "later", "week", "month", "while", "other"}
)
_ZONE_ABBREVIATIONS: dict[str, tzinfo] = {
    "utc": UTC,
    "gmt": UTC,
    "wet": timezone(timedelta(hours=0), "WET"),
    "west": timezone(timedelta(hours=1), "WEST"),
    "bst": timezone(timedelta(hours=1), "BST"),
    "cet": timezone(timedelta(hours=1), "CET"),
    "cest": timezone(timedelta(hours=2), "CEST"),
    "eet": timezone(timedelta(hours=2), "EET"),
    "eest": timezone(timedelta(hours=3), "EEST"),
    "est": timezone(timedelta(hours=-5), "EST"),
    "edt": timezone(timedelta(hours=-4), "EDT"),
    "cst": timezone(timedelta(hours=-6), "CST"),
    "cdt": timezone(timedelta(hours=-5), "CDT"),
    "mst": timezone(timedelta(hours=-7), "MST"),
    "mdt": timezone(timedelta(hours=-6), "MDT"),
    "pst": timezone(timedelta(hours=-8), "PST"),
    "pdt": timezone(timedelta(hours=-7), "PDT"),
    "jst": timezone(timedelta(hours=9), "JST"),
    "aest": timezone(timedelta(hours=10), "AEST"),
    "aedt": timezone(timedelta(hours=11), "AEDT"),
    "et": ZoneInfo("America/New_York"),
    "ct": ZoneInfo("America/Chicago"),
    "mt": ZoneInfo("America/Denver"),
    "pt": ZoneInfo("America/Los_Angeles"),
}

_CLOCK_AMPM = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|a\.m\.?|p\.m\.?)$", re.ASCII)
_CLOCK_24 = re.compile(r"^(\d{1,2})(?::|h)(\d{2})(?:h)?$", re.ASCII)
_CLOCK_RANGE = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?[-–](\d{1,2})(?:[:.](\d{2}))?"
    r"(am|pm|a\.m\.?|p\.m\.?)?$",
    re.ASCII,
)
_AMPM = re.compile(r"^(am|pm|a\.m\.?|p\.m\.?)$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:t(\d{1,2}):(\d{2}))?$", re.ASCII)
_NUMDATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$", re.ASCII)
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$", re.ASCII)
_DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$", re.ASCII)
_NUMBER = re.compile(r"^\d{1,4}$", re.ASCII)
_IANA = re.compile(r"^[A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2}$", re.ASCII)
_CLAUSE_WORDS = ("with", "w/", "for", "as")
_HEAD_CLAUSE_WORDS = ("with", "w/")
_TRIM = " \t,;:-–—"


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str
    norm: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in re.finditer(r"\S+", text):
        raw = match.group()
        norm = raw.lower().rstrip(",;!?")
        if norm.endswith(".") and not norm.endswith(("a.m.", "p.m.")):
            norm = norm.rstrip(".")
        out.append(_Token(raw, norm, match.start(), match.end()))
    return out


# -- the grammar ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Expr:
    """One time expression found in the text, before it is resolved against `now`."""

    start: int
    end: int = 0
    day: tuple[object, ...] | None = None
    clock: tuple[int, int] | None = None
    assumed: tuple[int, int] | None = None
    ago: timedelta | None = None
    zone: tzinfo | None = None
    problem: str | None = None
    weekday_said: int | None = None
    """A weekday given as a label next to a date ("Sat 21 Nov"), checked against the date."""

    @property
    def parts(self) -> int:
        return (self.day is not None) + (self.clock is not None) + (self.ago is not None)

    @property
    def anchored(self) -> bool:
        """Says something about when (even if what it says is a problem to ask about)."""
        return self.parts > 0 or self.assumed is not None or self.problem is not None


def _clock(hour: int, minute: int, ampm: str | None) -> tuple[int, int] | None:
    if minute > 59:
        return None
    if ampm is None:
        return (hour, minute) if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    if ampm.startswith("a"):
        return (0 if hour == 12 else hour, minute)
    return (12 if hour == 12 else hour + 12, minute)


def _zone(norm: str, raw: str) -> tzinfo | None:
    if norm in _ZONE_ABBREVIATIONS:
        return _ZONE_ABBREVIATIONS[norm]
    if _IANA.match(raw.rstrip(",;.")):
        try:
            return ZoneInfo(raw.rstrip(",;."))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return None
    return None


def _year(token: _Token | None) -> int | None:
    if token is None or not _NUMBER.match(token.norm) or len(token.norm) != 4:
        return None
    return int(token.norm)


def _day_number(token: _Token | None) -> int | None:
    """1-31 from ``20`` or ``20th``; None otherwise."""
    match = _DAY_NUMBER.match(token.norm) if token is not None else None
    return int(match[1]) if match and 1 <= int(match[1]) <= 31 else None


class _Reader:
    """Reads one time expression starting at a token, greedily, part by part."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens

    def at(self, index: int) -> _Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def norm(self, index: int) -> str:
        token = self.at(index)
        return token.norm if token is not None else ""

    def read(self, start: int) -> _Expr | None:
        expr = _Expr(start=start)
        index = start
        consumed_any = False
        while index < len(self.tokens):
            probe = index
            while self.norm(probe) in _FILLERS:
                probe += 1
            end = self._part(probe, expr)
            if end is None:
                break
            index = end
            expr.end = end
            consumed_any = True
            if expr.ago is not None:
                break
        if not consumed_any or not expr.anchored:
            return None
        return expr

    def _part(self, i: int, expr: _Expr) -> int | None:
        """Consume one part at token ``i`` into ``expr``; the index after it, or None."""
        word = self.norm(i)
        nxt = self.norm(i + 1)
        token = self.at(i)
        if token is None:
            return None
        if word in _DAYWORDS and expr.day is None:
            expr.day = ("rel", _DAYWORDS[word])
            if word == "tonight" and expr.clock is None:
                expr.assumed = _PARTS["night"][:2]
            return i + 1
        if word in ("last", "next", "this", "past") and expr.day is None:
            if nxt in _WEEKDAYS:
                mode = "last" if word == "past" else word
                expr.day = ("weekday", mode, _WEEKDAYS[nxt])
                return i + 2
            if word == "last" and nxt == "night":
                expr.day = ("rel", -1)
                expr.assumed = _PARTS["night"][:2] if expr.clock is None else None
                return i + 2
            if word == "this" and nxt in _PARTS:
                end = self._part(i + 1, expr)
                if end is not None:
                    expr.day = ("rel", 0)
                return end
            if word == "this" and nxt == "past" and self.norm(i + 2) in _WEEKDAYS:
                expr.day = ("weekday", "last", _WEEKDAYS[self.norm(i + 2)])
                return i + 3
            return None
        if word in _WEEKDAYS and expr.day is None:
            expr.day = ("weekday", "recent", _WEEKDAYS[word])
            return i + 1
        if word in _PARTS:
            hour, minute, vague = _PARTS[word]
            if vague:  # "afternoon": a stated default, unless an exact time is known
                if expr.assumed is not None:
                    return None
                if expr.clock is None:
                    expr.assumed = (hour, minute)
                return i + 1
            if expr.clock is not None:
                return None
            expr.clock, expr.assumed = (hour, minute), None
            return i + 1
        return self._numeric(i, token, expr)

    def _numeric(self, i: int, token: _Token, expr: _Expr) -> int | None:
        word, nxt = token.norm, self.norm(i + 1)
        if expr.clock is None and (match := _CLOCK_AMPM.match(word)):
            return self._set_clock(expr, token, int(match[1]), int(match[2] or 0), match[3], i + 1)
        if expr.clock is None and (match := _CLOCK_24.match(word)):
            return self._clock_24(expr, token, match[1], match[2], i + 1)
        if expr.clock is None and (match := _CLOCK_RANGE.match(word)):
            ampm = match[3] or match[6]  # "3-4pm": the start shares the end's am/pm
            if ampm is not None:
                return self._set_clock(expr, token, int(match[1]), int(match[2] or 0), ampm, i + 1)
            if match[2] is not None and match[5] is not None:  # "15:00-16:00"
                return self._clock_24(expr, token, match[1], match[2], i + 1)
        if expr.day is not None and expr.day[:2] == ("weekday", "recent"):
            label = expr.day
            expr.day = None  # "Sat 21 Nov": the date decides, the weekday is checked
            end = self._numeric(i, token, expr)
            if end is not None and expr.day is not None:
                assert isinstance(label[2], int)
                expr.weekday_said = label[2]
                return end
            expr.day = label
            return end
        if expr.day is None and (match := _ISO.match(word)):
            expr.day = ("date", int(match[1]), int(match[2]), int(match[3]))
            if match[4] is not None and expr.clock is None:
                return self._set_clock(expr, token, int(match[4]), int(match[5]), None, i + 1)
            return i + 1
        if expr.day is None and (match := _NUMDATE.match(word)):
            return self._numeric_date(expr, token, match, i + 1)
        if expr.day is None and word in _MONTHS and (day := _day_number(self.at(i + 1))):
            year = _year(self.at(i + 2))
            expr.day = ("date", year, _MONTHS[word], day)
            return i + (3 if year else 2)
        if expr.day is None and (day := _day_number(token)) is not None:
            month_at = i + 2 if nxt == "of" else i + 1
            month = self.norm(month_at)
            if month in _MONTHS:
                year = _year(self.at(month_at + 1))
                expr.day = ("date", year, _MONTHS[month], day)
                return month_at + (2 if year else 1)
        if expr.day is None and self.norm(i - 1) == "the" and (match := _ORDINAL.match(word)):
            expr.day = ("month_day", int(match[1]))  # "the 20th": of this month or a neighbour
            return i + 1
        if _NUMBER.match(word) or word in ("a", "an"):
            return self._number(i, token, expr)
        if expr.zone is None and expr.parts and (zone := _zone(word, token.raw)) is not None:
            expr.zone = zone
            return i + 1
        return None

    def _number(self, i: int, token: _Token, expr: _Expr) -> int | None:
        word, nxt = token.norm, self.norm(i + 1)
        count = 1 if word in ("a", "an") else int(word)
        ago = self.norm(i + 2) == "ago"
        if nxt in _UNITS and (ago or self.norm(i - 1) == "in") and expr.parts == 0:
            delta = _UNITS[nxt] * count * (1 if ago else -1)  # "in 2 days" is -2 days ago
            if abs(delta) >= timedelta(days=1):
                expr.day = ("rel", -delta.days if ago else abs(delta).days)
            else:
                expr.ago = delta
            return i + (3 if ago else 2)
        if word in ("a", "an"):
            return None
        if expr.clock is None and _AMPM.match(nxt):
            return self._set_clock(expr, token, count, 0, nxt, i + 2)
        if expr.clock is None and nxt in _RANGE_WORDS:
            match = _CLOCK_AMPM.match(self.norm(i + 2))  # "3 to 4pm"
            if match is not None:
                end = self._set_clock(expr, token, count, 0, match[3], i + 2)
                return self._skip_range_end(end)
        if expr.clock is None and nxt in _OCLOCK:
            expr.problem = (
                f"Is “{word} o'clock” in the morning or the afternoon? Write {word}am or {word}pm."
            )
            return i + 2
        if expr.clock is None and self.norm(i - 1) == "at" and len(word) <= 2:
            expr.problem = (
                f"Is “at {word}” in the morning or the afternoon? Write {word}am or {word}pm "
                f"(or {int(word):02d}:00)."
            )
            return i + 1
        return None

    def _set_clock(
        self, expr: _Expr, token: _Token, hour: int, minute: int, ampm: str | None, end: int
    ) -> int:
        clock = _clock(hour, minute, ampm)
        if clock is None:
            expr.problem = f"{_quote(token.raw)} isn't a time of day. Try 3pm or 15:00."
        else:
            expr.clock, expr.assumed = clock, None
        return self._skip_range_end(end)

    def _clock_24(self, expr: _Expr, token: _Token, hour: str, minute: str, end: int) -> int:
        """A time without am/pm: "15:30", "09:00", "9:00". An hour from 1 to 6 without a
        leading zero is most likely afternoon in 12-hour habit, so ask rather than guess."""
        if not hour.startswith("0") and 1 <= int(hour) <= 6:
            expr.problem = (
                f"Is {_quote(token.raw)} in the morning or the afternoon? Write {hour}:{minute}am "
                f"or {hour}:{minute}pm (or {int(hour) + 12}:{minute})."
            )
            return end
        return self._set_clock(expr, token, int(hour), int(minute), None, end)

    def _skip_range_end(self, end: int) -> int:
        """After a start time, skip the end of a range ("- 4pm", "to 16:00", "till 4 pm")."""
        if self.norm(end) not in _RANGE_WORDS:
            return end
        following = self.norm(end + 1)
        if _CLOCK_AMPM.match(following) or _CLOCK_24.match(following):
            return end + 2
        if _NUMBER.match(following) and _AMPM.match(self.norm(end + 2)):
            return end + 3
        return end

    def _numeric_date(self, expr: _Expr, token: _Token, match: re.Match[str], end: int) -> int:
        first, second = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else None
        if year is not None and year < 100:
            year += 2000
        if first > 12 and second > 12:
            expr.problem = f"{_quote(token.raw)} isn't a date I can read. Try 2026-11-20."
            return end
        if first > 12:
            day, month = first, second
        elif second > 12:
            day, month = second, first
        elif first == second:
            day = month = first
        else:
            expr.problem = (
                f"Is {_quote(token.raw)} day/month or month/day? Write it like "
                f"“{first} {_MONTH_NAMES[second - 1]}” or as a date such as 2026-11-20."
            )
            return end
        expr.day = ("date", year, month, day)
        return end


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# -- picking the expression and the clauses -------------------------------------------------


def _clean_text(text: str) -> str:
    """Control and format characters become spaces; runs of spaces collapse."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(cleaned.split())


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _candidates(tokens: list[_Token], first: int) -> list[_Expr]:
    reader = _Reader(tokens)
    found = [reader.read(i) for i in range(first, len(tokens))]
    return [expr for expr in found if expr is not None]


def _best(candidates: list[_Expr]) -> _Expr | None:
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda e: (e.parts + (e.problem is not None), e.end - e.start, e.start > 0),
    )


def _has_clause_word(tokens: list[_Token], start: int, end: int) -> bool:
    return any(tokens[k].raw in _CLAUSE_WORDS for k in range(start, end))


def _merge(best: _Expr, candidates: list[_Expr], tokens: list[_Token]) -> list[_Expr]:
    """Join a day and a time said apart ("Acme yesterday with Dana at 3pm")."""
    used = [best]
    for other in sorted(candidates, key=lambda e: e.start):
        disjoint = other.end <= best.start or other.start >= best.end
        if not disjoint or other.problem is not None or other.ago or best.ago:
            continue
        lo, hi = (other.end, best.start) if other.end <= best.start else (best.end, other.start)
        if not _has_clause_word(tokens, lo, hi):
            continue
        if best.day is None and other.day is not None and other.clock is None:
            best.day = other.day
            used.append(other)
        elif best.clock is None and other.clock is not None and other.day is None:
            best.clock, best.assumed = other.clock, None
            used.append(other)
        if best.day is not None and best.clock is not None:
            break
    return used


def _split_clauses(
    words: list[str], keywords: tuple[str, ...] = _CLAUSE_WORDS
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Words before the first clause keyword, and each ``(keyword, words)`` clause after."""
    head: list[str] = []
    clauses: list[tuple[str, list[str]]] = []
    for word in words:
        if word in keywords and (head or clauses):
            clauses.append((word, []))
        elif clauses:
            clauses[-1][1].append(word)
        else:
            head.append(word)
    return head, clauses


def _names(words: list[str]) -> tuple[str, ...]:
    text = " ".join(words)
    parts = re.split(r"\s*(?:,|&|\+|\band\b|/)\s*", text)
    names: list[str] = []
    for part in parts:
        name = part.strip(_TRIM)
        if name and name.lower() not in ("and", "the"):
            names.append(name[:MAX_NAME].rstrip())
    return tuple(names[:MAX_NAMES])


def _role(words: list[str]) -> str | None:
    items = list(words)
    while items and items[0].lower() in ("the", "a", "an"):
        items.pop(0)
    while items and items[-1].lower().strip(_TRIM) in ("role", "position", "job", "opening", ""):
        items.pop()
    role = " ".join(items).strip(_TRIM)
    return role[:MAX_COMPANY] or None


# -- resolving against now ------------------------------------------------------------------


def _resolve_day(spec: tuple[object, ...], today: date, *, future: bool = False) -> date | str:
    """A day spec against today. ``future``: a weekday alone or a date without a year means the
    coming one (today included), as in "they'll decide by Friday"."""
    kind = spec[0]
    if kind == "rel":
        assert isinstance(spec[1], int)
        return today + timedelta(days=spec[1])
    if kind == "weekday":
        mode, weekday = spec[1], spec[2]
        assert isinstance(weekday, int)
        if mode == "recent" and future:
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        if mode == "recent":
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        if mode == "last":
            return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
        if mode == "next":
            return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        return today + timedelta(days=weekday - today.weekday())
    if kind == "month_day":
        assert isinstance(spec[1], int)
        return _nearest(_month_day_options(today, spec[1]), today, future) or f"the {spec[1]}th"
    year, month, day = spec[1], spec[2], spec[3]
    assert isinstance(month, int)
    assert isinstance(day, int)
    if isinstance(year, int):
        try:
            return date(year, month, day)
        except ValueError:
            return f"{day} {_MONTH_NAMES[month - 1] if 1 <= month <= 12 else month} {year}"
    options: list[date] = []
    for candidate_year in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(date(candidate_year, month, day))
        except ValueError:
            continue
    found = _nearest(options, today, future)
    return found or f"{day} {_MONTH_NAMES[month - 1] if 1 <= month <= 12 else month}"


def _month_day_options(today: date, day: int) -> list[date]:
    options: list[date] = []
    for shift in (-1, 0, 1):
        year, month = divmod(today.year * 12 + today.month - 1 + shift, 12)
        try:
            options.append(date(year, month + 1, day))
        except ValueError:
            continue
    return options


def _nearest(options: list[date], today: date, future: bool) -> date | None:
    """The option closest to today, or with ``future`` the first one from today on."""
    if not options:
        return None
    if future:
        return min((d for d in options if d >= today), default=max(options))
    return min(options, key=lambda d: abs((d - today).days))


def _localize(wall: datetime, zone: tzinfo) -> datetime:
    """Attach a zone to a wall-clock time; a skipped time moves forward, a repeated one takes
    its first occurrence."""
    aware = wall.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone)


def _resolve(
    expr: _Expr,
    now: datetime,
    tz: ZoneInfo,
    *,
    future: bool = False,
    default: tuple[int, int] = (12, 0),
) -> tuple[datetime, bool] | str:
    """The moment in the user's zone and whether its time was assumed, or a problem."""
    zone = expr.zone or tz
    if expr.ago is not None:
        return (now - expr.ago).astimezone(tz), False
    local_now = now.astimezone(zone)
    day: date | str = local_now.date()
    if expr.day is not None:
        day = _resolve_day(expr.day, local_now.date(), future=future)
    if isinstance(day, str):
        return f"{day} isn't a date I can find on the calendar."
    if expr.weekday_said is not None and day.weekday() != expr.weekday_said:
        return (
            f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year} is a {day:%A}, not a "
            f"{_WEEKDAY_NAMES[expr.weekday_said]}. Which did you mean?"
        )
    assumed = expr.clock is None
    hour, minute = expr.clock or expr.assumed or default
    at = _localize(datetime(day.year, day.month, day.day, hour, minute), zone).astimezone(tz)
    return at, assumed


# -- the whole line -------------------------------------------------------------------------


def _parse(
    text: str, *, now: datetime, tz: ZoneInfo, fields: Mapping[str, str] | None
) -> InterviewDetails | ParseProblem:
    fields = {k: _clean_text(v) for k, v in (fields or {}).items() if isinstance(v, str)}
    fields = {k: v for k, v in fields.items() if v}
    line = _clean_text(text or "")
    if len(line) > MAX_TEXT or any(len(v) > MAX_TEXT for v in fields.values()):
        return ParseProblem(
            "text",
            f"That's longer than I can read ({MAX_TEXT} characters at most). Just the company, "
            "when, and who you met is enough.",
        )
    company: str | None = fields.get("company")
    if company is None:
        company, line = _quoted_company(line)
    when_text = fields.get("when")
    if when_text is not None:
        # Discord gave the time separately: the text holds at most the company and clauses.
        found = _find_when(when_text, company_known=True)
        words = [t.raw for t in _tokens(line)]
        if company is None:
            head, clauses = _split_clauses(words)
            company = " ".join(head)
            words = _flatten(clauses)
        found.rest = words
    else:
        found = _find_when(line, company_known=company is not None)
        if company is None:
            company = found.company
    if not company:
        return _problem_company(line)
    company = company.strip(_TRIM)
    if company.lower().startswith("at ") and len(company) > 3:
        company = company[3:].strip(_TRIM)
    if not company:
        return _problem_company(line)
    if len(company) > MAX_COMPANY:
        return ParseProblem(
            "company",
            f"That company name is longer than {MAX_COMPANY} characters: "
            f"{_quote(company)}. Put it in quotes if it really is that long, or shorten it.",
        )
    if found.expr is None:
        return _problem_when(when_text if when_text is not None else line, found.tokens)
    if found.expr.problem is not None:
        return ParseProblem("when", found.expr.problem)
    resolved = _resolve(found.expr, now, tz)
    if isinstance(resolved, str):
        return ParseProblem("when", resolved)
    at, assumed = resolved
    if abs(at - now) > MAX_DISTANCE:
        return ParseProblem(
            "when",
            f"{describe_time(at)} is more than a year from today; could you check the year?",
        )
    head, clauses = _split_clauses(["-", *found.rest])
    stray = " ".join(head[1:])
    if assumed and any(ch.isdigit() for ch in stray):
        return ParseProblem(
            "when",
            f"I couldn't tell the time of day from {_quote(stray)}. Add it like 3pm or 15:00.",
        )
    interviewers: tuple[str, ...] = ()
    role: str | None = None
    for keyword, words in clauses:
        if keyword in _HEAD_CLAUSE_WORDS and not interviewers:
            interviewers = _names(words)
        elif keyword in ("for", "as") and role is None:
            role = _role(words)
    if "interviewer" in fields:
        interviewers = _names(fields["interviewer"].split())
    if "role" in fields:
        role = _role(fields["role"].split())
    understood = describe_time(at)
    if found.expr.zone is not None and at.utcoffset() != at.astimezone(found.expr.zone).utcoffset():
        understood += (
            f" ({at.astimezone(found.expr.zone):%H:%M} {_zone_label(found.expr.zone, at)})"
        )
    if assumed:
        understood += f" (no time of day given, so I assumed {at:%H:%M}; add one to be exact)"
    return InterviewDetails(
        company=company,
        at=at,
        interviewers=interviewers,
        role=role,
        understood=understood,
        assumed_time=assumed,
    )


def _zone_label(zone: tzinfo, at: datetime) -> str:
    return str(zone.key) if isinstance(zone, ZoneInfo) else (zone.tzname(at) or "")


def _quoted_company(line: str) -> tuple[str | None, str]:
    """``"May Mobility" yesterday 3pm`` -> (``May Mobility``, ``yesterday 3pm``)."""
    pairs = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}
    if not line or line[0] not in pairs:
        return None, line
    close = line.find(pairs[line[0]], 1)
    if close <= 1:
        return None, line
    return line[1:close].strip(), line[close + 1 :].strip()


@dataclass(slots=True)
class _Found:
    tokens: list[_Token]
    expr: _Expr | None = None
    company: str | None = None
    rest: list[str] = field(default_factory=list)


def _flatten(clauses: list[tuple[str, list[str]]]) -> list[str]:
    return [word for keyword, words in clauses for word in (keyword, *words)]


def _find_when(line: str, *, company_known: bool) -> _Found:
    """Find the time expression; unless the company is known, it is the text before it (or,
    when the line starts with the time, the text after it)."""
    tokens = _tokens(line)
    found = _Found(tokens=tokens)
    candidates = _candidates(tokens, 0)
    if not company_known and any(
        c.start == 0 and c.end == len(tokens) and c.problem is None for c in candidates
    ):
        return found  # only a time ("yesterday 3pm"): no company
    usable = [
        c
        for c in candidates
        if company_known or c.start > 0 or (c.end < len(tokens) and c.problem is None)
    ]
    best = _best(usable)
    if best is None:
        if not company_known:
            head, _ = _split_clauses([t.raw for t in tokens], _HEAD_CLAUSE_WORDS)
            found.company = " ".join(head)
        return found
    used = _merge(best, candidates, tokens)
    spans = {k for expr in used for k in range(expr.start, expr.end)}
    first = min(expr.start for expr in used)
    found.expr = best
    if company_known:
        found.rest = [t.raw for k, t in enumerate(tokens) if k not in spans]
    elif first > 0:
        head, clauses = _split_clauses([t.raw for t in tokens[:first]], _HEAD_CLAUSE_WORDS)
        found.company = " ".join(head)
        after = [t.raw for k, t in enumerate(tokens) if k >= first and k not in spans]
        found.rest = _flatten(clauses) + after
    else:
        # The time came first ("yesterday 3pm Acme"): the company is what follows it.
        after = [t.raw for k, t in enumerate(tokens) if k >= best.end and k not in spans]
        head, clauses = _split_clauses(after)
        found.company = " ".join(head)
        found.rest = _flatten(clauses)
    return found


def _problem_company(line: str) -> ParseProblem:
    return ParseProblem(
        "company",
        "Which company was the interview with? Start with its name, then when it was"
        + (f" (I read {_quote(line)})." if line else "."),
    )


def _problem_when(line: str, tokens: list[_Token]) -> ParseProblem:
    norms = {t.norm for t in tokens}
    bare = next((t.norm for t in tokens if _NUMBER.match(t.norm) and len(t.norm) <= 2), None)
    if bare is not None:
        message = (
            f"Is “{bare}” a time? Write {bare}pm, {bare}am or {int(bare):02d}:00, with the day "
            "(today, yesterday, Tue...)."
        )
    elif norms & _VAGUE:
        message = (
            f"{_quote(line)} is a bit vague for me: which day and what time was the interview?"
        )
    else:
        message = (
            f"I couldn't find when the interview was in {_quote(line)}. Add the day and time, "
            "such as “yesterday 3pm”, “Tue 10:30” or “2026-11-20 14:00”."
        )
    return ParseProblem("when", message)


_WEEK_PHRASE = re.compile(r"^(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(this|next)?\s*week$")
_DECISION_LEAD = re.compile(
    r"^(?:(?:they(?:'|’)?ll|they\s+will|will)\s+)?(?:decide\s+)?(?:by|on|until|before|around)?\s*"
)


def _parse_decision(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | ParseProblem:
    line = _clean_text(text or "")
    if len(line) > MAX_TEXT:
        return ParseProblem("text", "That's longer than I can read.", DECISION_EXAMPLE)
    line = _DECISION_LEAD.sub("", line.lower(), count=1).strip(_TRIM + ".!?")
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
        at = _localize(datetime(friday.year, friday.month, friday.day, *DECISION_TIME), tz)
        return _future_only(at, now)
    tokens = _tokens(line)
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
    resolved = _resolve(best, now, tz, future=True, default=DECISION_TIME)
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
    if at - now > MAX_DISTANCE:
        return ParseProblem(
            "when",
            f"{describe_time(at)} is more than a year away; check the date.",
            DECISION_EXAMPLE,
        )
    return at
