"""How long it has been, against how long they said it would take, read from the numbers.

"Final round was 3 days ago and they said I'd hear in a week or two" matches the words of
following up after a wait ("ago", "hear back"), but what decides is arithmetic: three days is
less than the two weeks they gave. The reader adds one of two concepts when a question gives
both spans and the rulebook has the concept: `BEFORE_THEIR_DATE` (asked before the time they
gave is up) or `PAST_THEIR_DATE` (it is up). Rules use them like any other concept.
"""

from __future__ import annotations

import re

from bot.advice.language import english

BEFORE_THEIR_DATE = "before_their_date"
PAST_THEIR_DATE = "past_their_date"

_ENGLISH = english()
_NUMBERS = _ENGLISH.number_words
_UNITS = _ENGLISH.time_units

_NUMBER = rf"(\d{{1,3}}|{'|'.join(_NUMBERS)})"
_UNIT = f"({'|'.join(sorted(_UNITS, key=len, reverse=True))})"
"""The words of `_NUMBERS` and `_UNITS`, longest unit first ("days" before "day")."""
_SPAN = rf"{_NUMBER}(?: (?:or|to) {_NUMBER}| {_NUMBER})?(?: of)? (?:business )?{_UNIT}"
"""A span: "3 days", "1 2 weeks" (a hyphen read as a space), "2 or 3 weeks", "a couple of
weeks", "10 business days"; the larger number counts (they'd decide by then)."""
_OR_TWO = re.compile(r"\b(?:a|an|one) (day|week|month) or two\b")
""""A week or two" is read as "2 weeks"."""

_SINCE = re.compile(
    rf"\bbeen (?:about |almost |nearly |over |just )?{_SPAN}"
    rf"|\b{_SPAN} (?:ago|since|later|have passed|has passed)\b"
)
_PROMISED = re.compile(
    rf"\b(?:in|within|take|takes|taking|about|around|next|another) "
    rf"(?:about |around |the next )?{_SPAN}\b"
)
_ABOUT_THEIR_ANSWER = _ENGLISH.answer_words
"""One of these just before a span says it is the time they gave for an answer ("said I'd hear
in a week or two"), not some other date ("I start in 2 weeks")."""
_LOOK_BACK = 5


def _days(match: re.Match[str], start: int) -> float | None:
    first, second, third, unit = match.group(start, start + 1, start + 2, start + 3)
    numbers = [_value(n) for n in (first, second, third) if n]
    if not numbers or None in numbers:
        return None
    return max(n for n in numbers if n is not None) * _UNITS[unit]


def _value(word: str) -> float | None:
    return float(word) if word.isdigit() else _NUMBERS.get(word)


def _about_their_answer(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 20 * _LOOK_BACK) : match.start()].split()[-_LOOK_BACK:]
    return any(word in _ABOUT_THEIR_ANSWER for word in before)


def since_and_promised(words: tuple[str, ...]) -> tuple[float, float] | None:
    """Days since the interview (or the last word from them) and days they said it would
    take, when the question gives both; None otherwise."""
    text = _OR_TWO.sub(lambda m: f"2 {m.group(1)}s", " ".join(words))
    since = _SINCE.search(text)
    promised = next((m for m in _PROMISED.finditer(text) if _about_their_answer(text, m)), None)
    if since is None or promised is None:
        return None
    days_since = _days(since, 1 if since.group(1) else 5)
    days_promised = _days(promised, 1)
    if days_since is None or days_promised is None:
        return None
    return days_since, days_promised


def timing_concept(words: tuple[str, ...]) -> str | None:
    """`BEFORE_THEIR_DATE` or `PAST_THEIR_DATE` when the question gives both spans."""
    spans = since_and_promised(words)
    if spans is None:
        return None
    days_since, days_promised = spans
    return BEFORE_THEIR_DATE if days_since < days_promised else PAST_THEIR_DATE
