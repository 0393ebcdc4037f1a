"""What each review check's `settings` may hold, checked when `rules/review/` is read.

Settings are read by the code that runs a check, so a typo in one (a regex that does not
compile, a word list that is a string, a length bound that is not a number) would otherwise
only show up as a check that quietly stops working. Each problem is one line naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.review.values import KINDS


def _words(value: object) -> Iterator[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        yield "must be a list of words"


def _regexes(value: object) -> Iterator[str]:
    if not isinstance(value, list) or not all(isinstance(r, str) and r for r in value):
        yield "must be a list of regular expressions"
        return
    for raw in value:
        try:
            re.compile(raw)
        except re.error as error:
            yield f"regex {raw!r}: {error}"


def _count(value: object) -> Iterator[str]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        yield "must be a whole number of at least 1"


def _bounds(value: object) -> Iterator[str]:
    if not isinstance(value, dict):
        yield "must map kinds of note to [fewest, most] words"
        return
    for kind, pair in value.items():
        if kind not in KINDS:
            yield f"{kind}: not a kind of note ({', '.join(KINDS)})"
        elif (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            or not 0 <= pair[0] < pair[1]
        ):
            yield f"{kind}: must be [fewest, most], two whole numbers, fewest first"


def _rewrites(value: object) -> Iterator[str]:
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s for s in p)
        for p in value
    ):
        yield "must be a list of [ending, replacement] pairs"


Validator = Callable[[object], Iterator[str]]

SETTINGS: Mapping[str, Mapping[str, Validator]] = {
    "spelling": {
        "extra_words": _words,
        "max_word": _count,
        "max_findings": _count,
        "british_endings": _rewrites,
        "prefixes": _words,
    },
    "generic": {
        "specific_cues": _regexes,
        "template_phrases": _regexes,
        "template_words": _words,
    },
    "wrong_name": {
        "titles": _words,
        "not_names": _words,
        "company_cues": _regexes,
        "company_words": _words,
    },
    "length": {"words": _bounds},
}
"""For each check, the settings it reads and how each is checked; other checks take none."""


def settings_problems(check_id: str, settings: Mapping[str, Any]) -> Iterator[str]:
    """Each problem with one check's settings, as "key: what is wrong"."""
    known = SETTINGS.get(check_id, {})
    for key, value in settings.items():
        validate = known.get(str(key))
        if validate is None:
            names = ", ".join(known) or "none"
            yield f"{key}: unknown setting (this check reads: {names})"
            continue
        for problem in validate(value):
            yield f"{key}: {problem}"
