"""Reading one time expression ("yesterday 3pm", "Sat 21 Nov 15:00 CET") from the words.

The reader is greedy and strict: it consumes day, clock, "ago" and zone parts one by one and
turns anything it would otherwise have to guess into a problem to ask about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.interviews.when.problems import _quote
from bot.interviews.when.tokens import (
    AMPM,
    CLOCK_24,
    CLOCK_AMPM,
    CLOCK_DOT,
    CLOCK_H,
    CLOCK_RANGE,
    DAYWORDS,
    FILLERS,
    ISO,
    MONTH_NAMES,
    MONTHS,
    NUMBER,
    NUMDATE,
    OCLOCK,
    ORDINAL,
    PARTS,
    RANGE_WORDS,
    SHORT_SPAN,
    SHORT_UNITS,
    UNITS,
    WEEKDAYS,
    Token,
    clock_of,
    day_number,
    year_of,
)
from bot.interviews.when.zones import (
    ABBREVIATIONS,
    AMBIGUOUS,
    LONGEST_CITY,
    closest_zone,
    find_zone,
)


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
    before_now: bool = False
    """Said "earlier today": a time asked about must lie before now."""
    notes: list[str] = field(default_factory=list)
    """Readings that could be wrong, stated back to the user ("“EST” read as UTC-5")."""

    @property
    def parts(self) -> int:
        return (self.day is not None) + (self.clock is not None) + (self.ago is not None)

    @property
    def anchored(self) -> bool:
        """Says something about when (even if what it says is a problem to ask about)."""
        return self.parts > 0 or self.assumed is not None or self.problem is not None


class _Reader:
    """Reads one time expression starting at a token, greedily, part by part."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.norms = [token.norm for token in tokens]
        self._zones: dict[tuple[int, int], tuple[str, str, ZoneInfo | None]] = {}
        """(start, words) -> the words' text, raw text and `find_zone` of it: every start
        position is read, so the same words are tried as a zone more than once."""

    def at(self, index: int) -> Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def norm(self, index: int) -> str:
        return self.norms[index] if 0 <= index < len(self.norms) else ""

    def read(self, start: int) -> _Expr | None:
        expr = _Expr(start=start)
        index = start
        consumed_any = False
        while index < len(self.tokens):
            probe = index
            while self.norm(probe) in FILLERS:
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
        if word == "now" and expr.parts == 0:
            expr.ago = timedelta(0)
            return i + 1
        if word in ("just", "right") and nxt == "now" and expr.parts == 0:
            expr.ago = timedelta(0)
            return i + 2
        if word == "earlier" and nxt in ("today", "this") and expr.day is None:
            expr.before_now = True  # "earlier today", "earlier this morning"
            return i + 1
        if word in DAYWORDS and expr.day is None:
            expr.day = ("rel", DAYWORDS[word])
            if word == "tonight" and expr.clock is None:
                expr.assumed = PARTS["night"][:2]
            return i + 1
        if word in ("last", "next", "this", "past") and expr.day is None:
            if nxt in WEEKDAYS:
                mode = "last" if word == "past" else word
                expr.day = ("weekday", mode, WEEKDAYS[nxt])
                return i + 2
            if word == "last" and nxt == "night":
                expr.day = ("rel", -1)
                expr.assumed = PARTS["night"][:2] if expr.clock is None else None
                return i + 2
            if word == "this" and nxt in PARTS:
                end = self._part(i + 1, expr)
                if end is not None:
                    expr.day = ("rel", 0)
                return end
            if word == "this" and nxt == "past" and self.norm(i + 2) in WEEKDAYS:
                expr.day = ("weekday", "last", WEEKDAYS[self.norm(i + 2)])
                return i + 3
            return None
        if word in WEEKDAYS and expr.day is None:
            expr.day = ("weekday", "recent", WEEKDAYS[word])
            return i + 1
        if word in PARTS:
            hour, minute, vague = PARTS[word]
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

    def _numeric(self, i: int, token: Token, expr: _Expr) -> int | None:
        word, nxt = token.norm, self.norm(i + 1)
        # Every pattern below but the month and zone words starts with an ASCII digit: a
        # word that does not is not tried against them (the same answers, fewer matches).
        digit = "0" <= word[:1] <= "9"
        if digit and expr.clock is None and (match := CLOCK_AMPM.match(word)):
            return self._set_clock(expr, token, int(match[1]), int(match[2] or 0), match[3], i + 1)
        spaced = (CLOCK_24.match(word) or CLOCK_DOT.match(word)) if digit else None
        if expr.clock is None and spaced and AMPM.match(nxt):  # "3:00 pm", "3.30 PM"
            return self._set_clock(expr, token, int(spaced[1]), int(spaced[2]), nxt, i + 2)
        if digit and expr.clock is None and (match := CLOCK_24.match(word)):
            return self._clock_24(expr, token, match[1], match[2], i + 1)
        in_or_ago = nxt == "ago" or self.norm(i - 1) == "in"  # "2h ago", "in 2h": lengths
        if digit and expr.clock is None and (match := CLOCK_H.match(word)) and not in_or_ago:
            return self._clock_24(expr, token, match[1], "00", i + 1)
        if digit and expr.clock is None and (match := CLOCK_RANGE.match(word)):
            ampm = match[3] or match[6]  # "3-4pm": the start shares the end's am/pm
            if ampm is not None:
                return self._set_clock(expr, token, int(match[1]), int(match[2] or 0), ampm, i + 1)
            if match[2] is not None and match[5] is not None:  # "15:00-16:00"
                return self._clock_24(expr, token, match[1], match[2], i + 1)
        if digit and expr.clock is None and (match := CLOCK_DOT.match(word)):
            end = self._dotted(i, token, match, expr)
            if end is not None:
                return end
        if digit and expr.parts == 0 and (match := SHORT_SPAN.match(word)):
            return self._short_span(i, token, match, expr)
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
        if digit and expr.day is None and (match := ISO.match(word)):
            expr.day = ("date", int(match[1]), int(match[2]), int(match[3]))
            if match[4] is not None and expr.clock is None:
                return self._set_clock(expr, token, int(match[4]), int(match[5]), None, i + 1)
            return i + 1
        if digit and expr.day is None and (match := NUMDATE.match(word)):
            return self._numeric_date(expr, token, match, i + 1)
        if expr.day is None and word in MONTHS and (day := day_number(self.at(i + 1))):
            year = year_of(self.at(i + 2))
            expr.day = ("date", year, MONTHS[word], day)
            return i + (3 if year else 2)
        if digit and expr.day is None and (day := day_number(token)) is not None:
            month_at = i + 2 if nxt == "of" else i + 1
            month = self.norm(month_at)
            if month in MONTHS:
                year = year_of(self.at(month_at + 1))
                expr.day = ("date", year, MONTHS[month], day)
                return month_at + (2 if year else 1)
        if (
            digit
            and expr.day is None
            and self.norm(i - 1) == "the"
            and (match := ORDINAL.match(word))
        ):
            expr.day = ("month_day", int(match[1]))  # "the 20th": of this month or a neighbour
            return i + 1
        if (digit and NUMBER.match(word)) or word in ("a", "an"):
            return self._number(i, token, expr)
        if expr.zone is None and expr.parts:
            return self._zone(i, expr)
        return None

    def _dotted(self, i: int, token: Token, match: re.Match[str], expr: _Expr) -> int | None:
        """``14.30``: a time when a day is already known or it cannot be a date; a date
        ("20.11") when a time follows; otherwise asked about. None: read it as a date."""
        first, second = int(match[1]), int(match[2])
        if first > 23 or second > 59:
            return None
        date_like = (1 <= first <= 31 and 1 <= second <= 12) or (
            1 <= first <= 12 and 1 <= second <= 31
        )
        if expr.day is not None or not date_like:
            return self._clock_24(expr, token, match[1], match[2], i + 1)
        following = self.norm(i + 1)
        if CLOCK_24.match(following) or CLOCK_AMPM.match(following):
            return None
        if NUMBER.match(following) and AMPM.match(self.norm(i + 2)):
            return None
        expr.problem = (
            f"Is {_quote(token.raw)} a time or a date? Write {first:02d}:{second:02d} for a "
            "time, or the day and month like “20 Nov”."
        )
        return i + 1

    def _short_span(self, i: int, token: Token, match: re.Match[str], expr: _Expr) -> int | None:
        """``90m ago``, ``in 2h``, and a bare ``90m`` (minutes only), read as that long ago."""
        delta = SHORT_UNITS[match[2]] * int(match[1])
        ago = self.norm(i + 1) == "ago"
        if not ago and self.norm(i - 1) != "in":
            if match[2] not in ("m", "min", "mins"):
                return None
            expr.notes.append(f"I read {_quote(token.raw)} as {int(match[1])} minutes ago.")
            ago = True
        if delta >= timedelta(days=1):
            expr.day = ("rel", -delta.days if ago else delta.days)
        else:
            expr.ago = delta if ago else -delta
        return i + (2 if self.norm(i + 1) == "ago" else 1)

    def _zone(self, i: int, expr: _Expr) -> int | None:
        """A zone after the time: an abbreviation, an IANA name in any case, or a city of up
        to three words, optionally followed by "time" ("3pm Paris time")."""
        for size in range(min(LONGEST_CITY, len(self.tokens) - i), 0, -1):
            text, raw, zone = self._zone_words(i, size)
            if size == 1 and text in ABBREVIATIONS:
                expr.zone, meaning = ABBREVIATIONS[text]
                expr.notes.append(f"I read {_quote(raw)} as {meaning}.")
                return self._skip_time_word(i + 1)
            if size == 1 and text in AMBIGUOUS:
                expr.problem = (
                    f"Which timezone is {_quote(raw)}: {AMBIGUOUS[text]}? Write its name, "
                    "like 3pm Asia/Kolkata."
                )
                return self._skip_time_word(i + 1)
            if zone is not None:
                expr.zone = zone
                if zone.key.lower() != text.replace(" ", "_"):
                    expr.notes.append(f"I read {_quote(raw)} as the {zone.key} timezone.")
                return self._skip_time_word(i + size)
        token = self.at(i)
        if token is None or not token.raw[:1].isalpha():
            return None
        if "/" in token.norm or (self.norm(i + 1) == "time" and token.raw[:1].isupper()):
            guess = closest_zone(token.norm)
            expr.problem = f"I don't know the timezone {_quote(token.raw)}." + (
                f" Did you mean {guess}?" if guess else " Write its name, like Europe/Paris."
            )
            return self._skip_time_word(i + 1)
        return None

    def _zone_words(self, i: int, size: int) -> tuple[str, str, ZoneInfo | None]:
        """The `size` words from ``i``: their text, their raw text and the zone it names."""
        found = self._zones.get((i, size))
        if found is None:
            words = self.tokens[i : i + size]
            text = " ".join(word.norm for word in words)
            raw = " ".join(word.raw for word in words).rstrip(",;.")
            found = self._zones[(i, size)] = (text, raw, find_zone(text))
        return found

    def _skip_time_word(self, end: int) -> int:
        return end + 1 if self.norm(end) == "time" else end

    def _number(self, i: int, token: Token, expr: _Expr) -> int | None:
        word, nxt = token.norm, self.norm(i + 1)
        count = 1 if word in ("a", "an") else int(word)
        ago = self.norm(i + 2) == "ago"
        if nxt in UNITS and (ago or self.norm(i - 1) == "in") and expr.parts == 0:
            delta = UNITS[nxt] * count * (1 if ago else -1)  # "in 2 days" is -2 days ago
            if abs(delta) >= timedelta(days=1):
                expr.day = ("rel", -delta.days if ago else abs(delta).days)
            else:
                expr.ago = delta
            return i + (3 if ago else 2)
        if word in ("a", "an"):
            return None
        if expr.clock is None and AMPM.match(nxt):
            return self._set_clock(expr, token, count, 0, nxt, i + 2)
        if expr.clock is None and nxt in RANGE_WORDS:
            match = CLOCK_AMPM.match(self.norm(i + 2))  # "3 to 4pm"
            if match is not None:
                end = self._set_clock(expr, token, count, 0, match[3], i + 2)
                return self._skip_range_end(end)
        if expr.clock is None and nxt in OCLOCK:
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
        self, expr: _Expr, token: Token, hour: int, minute: int, ampm: str | None, end: int
    ) -> int:
        clock = clock_of(hour, minute, ampm)
        if clock is None:
            expr.problem = f"{_quote(token.raw)} isn't a time of day. Try 3pm or 15:00."
        else:
            expr.clock, expr.assumed = clock, None
        return self._skip_range_end(end)

    def _clock_24(self, expr: _Expr, token: Token, hour: str, minute: str, end: int) -> int:
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
        if self.norm(end) not in RANGE_WORDS:
            return end
        following = self.norm(end + 1)
        if CLOCK_AMPM.match(following) or CLOCK_24.match(following):
            return end + 2
        if NUMBER.match(following) and AMPM.match(self.norm(end + 2)):
            return end + 3
        return end

    def _numeric_date(self, expr: _Expr, token: Token, match: re.Match[str], end: int) -> int:
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
                f"“{first} {MONTH_NAMES[second - 1]}” or as a date such as 2026-11-20."
            )
            return end
        expr.day = ("date", year, month, day)
        return end
