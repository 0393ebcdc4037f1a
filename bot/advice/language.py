"""The English the advisor reads questions with, loaded from `rules/language/*.yaml`.

Word lists are data, so that a correction ("'gonna' means 'going to'") is an edit to a YAML file
rather than to code. This is the one reader of those files: it checks every field and reports
each mistake as ``FILE: field FIELD: what is wrong`` in one `RulebookError`, never a traceback
and never a half-read language. The files ship inside the `rules` package and are read once per
process (they are needed at import time by the question reader).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from bot.rulefiles import UNREADABLE, RulebookError, read_yaml

_WORD = re.compile(r"^[a-z0-9$]+$")
_V = TypeVar("_V")

ENGLISH = "english.yaml"
COMMON = "common-words.yaml"
_FIELDS = {
    ENGLISH: frozenset(
        {
            "contractions",
            "shorthand",
            "negators",
            "scope_breakers",
            "hesitations",
            "back_references",
            "instructions",
            "instructed",
            "intensifiers",
            "relatives",
            "subject_openers",
            "relative_roles",
            "employer_markers",
            "employer_ends",
            "number_words",
            "time_units",
            "answer_words",
            "past_auxiliaries",
            "past_forms",
            "suppositions",
            "not_yet",
            "irregular",
            "obligation_frames",
            "asks_how",
            "question_openers",
            "waiting_options",
        }
    ),
    COMMON: frozenset({"common_words"}),
}


@dataclass(frozen=True, slots=True)
class Language:
    """Everything the question reader and the speller know about English words."""

    contractions: tuple[tuple[re.Pattern[str], str], ...]
    shorthand: dict[str, tuple[str, ...]]
    negators: frozenset[str]
    scope_breakers: frozenset[str]
    hesitations: frozenset[str]
    back_references: frozenset[str]
    instructions: frozenset[str]
    instructed: frozenset[str]
    intensifiers: frozenset[str]
    relatives: frozenset[str]
    subject_openers: frozenset[str]
    relative_roles: frozenset[str]
    employer_markers: frozenset[tuple[str, str]]
    employer_ends: frozenset[str]
    number_words: dict[str, float]
    time_units: dict[str, float]
    answer_words: frozenset[str]
    past_auxiliaries: frozenset[str]
    past_forms: frozenset[str]
    suppositions: frozenset[str]
    not_yet: frozenset[str]
    irregular: dict[str, str]
    obligation_frames: tuple[tuple[str, ...], ...]
    asks_how: frozenset[str]
    question_openers: frozenset[str]
    waiting_options: tuple[tuple[str, ...], ...]
    common_words: frozenset[str]


def language_dir() -> Path:
    return Path(str(files("rules"))) / "language"


@cache
def english() -> Language:
    """The shipped language files, read and checked once."""
    return load_language(language_dir())


def load_language(directory: Path) -> Language:
    """Read and check `english.yaml` and `common-words.yaml` in `directory`."""
    problems: list[str] = []
    english_data = _read(directory / ENGLISH, problems)
    common_data = _read(directory / COMMON, problems)
    check = _Fields(problems)
    language = Language(
        contractions=check.contractions(ENGLISH, english_data),
        shorthand={
            key: tuple(value.split())
            for key, value in check.word_map(ENGLISH, english_data, "shorthand").items()
        },
        negators=frozenset(check.words(ENGLISH, english_data, "negators")),
        scope_breakers=frozenset(check.words(ENGLISH, english_data, "scope_breakers")),
        hesitations=frozenset(check.words(ENGLISH, english_data, "hesitations")),
        back_references=frozenset(check.words(ENGLISH, english_data, "back_references")),
        instructions=frozenset(check.words(ENGLISH, english_data, "instructions")),
        instructed=frozenset(check.words(ENGLISH, english_data, "instructed")),
        intensifiers=frozenset(check.words(ENGLISH, english_data, "intensifiers")),
        relatives=frozenset(check.words(ENGLISH, english_data, "relatives")),
        subject_openers=frozenset(check.words(ENGLISH, english_data, "subject_openers")),
        relative_roles=frozenset(check.words(ENGLISH, english_data, "relative_roles")),
        employer_markers=frozenset(check.word_pairs(ENGLISH, english_data, "employer_markers")),
        employer_ends=frozenset(check.words(ENGLISH, english_data, "employer_ends")),
        number_words=check.number_map(ENGLISH, english_data, "number_words"),
        time_units=check.number_map(ENGLISH, english_data, "time_units"),
        answer_words=frozenset(check.words(ENGLISH, english_data, "answer_words")),
        past_auxiliaries=frozenset(check.words(ENGLISH, english_data, "past_auxiliaries")),
        past_forms=frozenset(check.words(ENGLISH, english_data, "past_forms")),
        suppositions=frozenset(check.words(ENGLISH, english_data, "suppositions")),
        not_yet=frozenset(check.words(ENGLISH, english_data, "not_yet")),
        irregular=check.word_map(ENGLISH, english_data, "irregular"),
        obligation_frames=tuple(
            tuple(frame.split())
            for frame in check.phrases(ENGLISH, english_data, "obligation_frames")
        ),
        asks_how=frozenset(check.words(ENGLISH, english_data, "asks_how")),
        question_openers=frozenset(check.words(ENGLISH, english_data, "question_openers")),
        waiting_options=tuple(
            tuple(option.split())
            for option in check.phrases(ENGLISH, english_data, "waiting_options")
        ),
        common_words=frozenset(check.word_text(COMMON, common_data, "common_words")),
    )
    for name, data in ((ENGLISH, english_data), (COMMON, common_data)):
        for extra in sorted(str(k) for k in data if k not in _FIELDS[name]):
            problems.append(f"{name}: field {extra}: unknown field")
    if problems:
        raise RulebookError(problems)
    return language


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    """A file's top-level mapping; a problem (and an empty mapping) when it is unusable."""
    data = read_yaml(path, path.name, problems)
    if data is UNREADABLE:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{path.name}: must be a mapping of fields")
        return {}
    return data


class _Fields:
    """Per-field checks; each appends a precise problem and returns what is usable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def fail(self, file: str, field_name: str, what: str) -> None:
        self.problems.append(f"{file}: field {field_name}: {what}")

    def _present(self, file: str, data: dict[str, Any], field_name: str) -> Any:
        if field_name not in data:
            if data:
                self.fail(file, field_name, "missing")
            return None
        return data[field_name]

    def words(self, file: str, data: dict[str, Any], field_name: str) -> list[str]:
        value = self._present(file, data, field_name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(file, field_name, "must be a list of words")
            return []
        good: list[str] = []
        for item in value:
            if isinstance(item, str) and _WORD.match(item):
                good.append(item)
            else:
                self.fail(file, field_name, f"{item!r} is not one lowercase word (quote it)")
        return good

    def phrases(self, file: str, data: dict[str, Any], field_name: str) -> list[str]:
        value = self._present(file, data, field_name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(file, field_name, "must be a list of phrases")
            return []
        good: list[str] = []
        for item in value:
            if isinstance(item, str) and item.split() and all(map(_WORD.match, item.split())):
                good.append(" ".join(item.split()))
            else:
                self.fail(file, field_name, f"{item!r} is not lowercase words")
        return good

    def word_pairs(self, file: str, data: dict[str, Any], field_name: str) -> list[tuple[str, str]]:
        """Phrases of exactly two words ("interviewed at"), as pairs."""
        pairs: list[tuple[str, str]] = []
        for phrase in self.phrases(file, data, field_name):
            words = phrase.split()
            if len(words) == 2:
                pairs.append((words[0], words[1]))
            else:
                self.fail(file, field_name, f"{phrase!r} is not two words")
        return pairs

    def word_map(self, file: str, data: dict[str, Any], field_name: str) -> dict[str, str]:
        return self._mapping(file, data, field_name, "words", _words_value)

    def number_map(self, file: str, data: dict[str, Any], field_name: str) -> dict[str, float]:
        return self._mapping(file, data, field_name, "number", _number_value)

    def _mapping(
        self,
        file: str,
        data: dict[str, Any],
        field_name: str,
        kind: str,
        convert: Callable[[object], tuple[_V, None] | tuple[None, str]],
    ) -> dict[str, _V]:
        """A mapping of one lowercase word to a `kind`, each value checked by `convert`
        (the value, or what is wrong with it)."""
        value = self._present(file, data, field_name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(file, field_name, f"must be a mapping of word: {kind}")
            return {}
        good: dict[str, _V] = {}
        for key, item in value.items():
            if not (isinstance(key, str) and _WORD.match(key)):
                self.fail(file, field_name, f"key {key!r} is not one lowercase word (quote it)")
                continue
            converted, problem = convert(item)
            if problem is not None:
                self.fail(file, f"{field_name}.{key}", problem)
            elif converted is not None:
                good[key] = converted
        return good

    def word_text(self, file: str, data: dict[str, Any], field_name: str) -> list[str]:
        value = self._present(file, data, field_name)
        if value is None:
            return []
        if not isinstance(value, str):
            self.fail(file, field_name, "must be text: words separated by spaces")
            return []
        bad = [w for w in value.split() if not w.isalpha() or not w.islower()]
        if bad:
            self.fail(file, field_name, f"not lowercase words: {', '.join(bad[:5])}")
        return [w for w in value.split() if w not in bad]

    def contractions(
        self, file: str, data: dict[str, Any]
    ) -> tuple[tuple[re.Pattern[str], str], ...]:
        value = self._present(file, data, "contractions")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(file, "contractions", "must be a list of [pattern, replacement]")
            return ()
        good: list[tuple[re.Pattern[str], str]] = []
        for number, item in enumerate(value, start=1):
            where = f"contractions #{number}"
            if not (
                isinstance(item, list) and len(item) == 2 and all(isinstance(p, str) for p in item)
            ):
                self.fail(file, where, "must be [pattern, replacement], both text")
                continue
            try:
                good.append((re.compile(item[0]), item[1]))
            except re.error as exc:
                self.fail(file, where, f"pattern {item[0]!r} is not a regular expression: {exc}")
        return tuple(good)


def _words_value(words: object) -> tuple[str, None] | tuple[None, str]:
    if not (isinstance(words, str) and words.split()):
        return None, f"{words!r} is not words (quote it)"
    if not all(map(_WORD.match, words.split())):
        return None, f"{words!r} is not lowercase words"
    return " ".join(words.split()), None


def _number_value(number: object) -> tuple[float, None] | tuple[None, str]:
    if isinstance(number, bool) or not isinstance(number, int | float) or number <= 0:
        return None, f"{number!r} is not a positive number"
    return float(number), None
