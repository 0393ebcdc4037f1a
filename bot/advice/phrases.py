"""Rulebook phrases compiled to patterns, and matched against a question's words.

A phrase is a few words; a word ending in ``*`` matches any word starting with it and ``...``
stands for a few words ("ask ... out": ask her out). Words are compared by stem.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.advice.question import SHORTHAND, stem

PREFIX_KEY = 3
"""Prefix patterns are indexed by their first letters (the rulebook requires at least three)."""

EXACT, PREFIX, GAP = 0, 1, 2
GAP_WORDS = 4
"""A ``...`` in a phrase stands for up to this many words ("ask ... out": ask her out)."""

Pattern = tuple[tuple[str, int], ...]
"""A phrase, compiled: per word a stem to equal, a prefix to start with, or a gap."""


def compile_phrase(phrase: str) -> tuple[Pattern, Iterable[str]]:
    """A phrase's match pattern, and the words it adds to the spelling vocabulary."""
    pattern: list[tuple[str, int]] = []
    words: list[str] = []
    for raw in phrase.split():
        if raw == "...":
            pattern.append(("", GAP))
            continue
        if raw.endswith("*"):
            pattern.append((raw[:-1], PREFIX))
            continue
        for word in SHORTHAND.get(raw, (raw,)):
            pattern.append((stem(word), EXACT))
            words.append(word)
    return tuple(pattern), words


def match_phrase(
    pattern: Pattern,
    words: tuple[str, ...],
    stems: tuple[str, ...],
    clauses: tuple[int, ...],
    start: int,
) -> int:
    """Where `pattern` ends if it matches at `start` within one clause, else -1."""
    position = start
    for index, (value, kind) in enumerate(pattern):
        if kind == GAP:
            rest = pattern[index + 1 :]
            for skip in range(GAP_WORDS + 1):
                at = position + skip
                if at >= len(words) or clauses[at] != clauses[start]:
                    break
                end = match_phrase(rest, words, stems, clauses, at) if rest else at
                if end >= 0:
                    return end
            return -1
        if position >= len(words) or clauses[position] != clauses[start]:
            return -1
        word = words[position]
        if not (_starts(word, value) if kind == PREFIX else stems[position] == value):
            return -1
        position += 1
    return position


def prefix_forms(value: str) -> tuple[str, ...]:
    """What a prefix pattern accepts: "decline*" covers "declined" and "declines", and the -ing
    form drops the e ("declining"), so that is accepted too."""
    if value.endswith("e") and len(value) >= 4:
        return value, value[:-1] + "ing"
    return (value,)


def _starts(word: str, value: str) -> bool:
    """Whether a word matches a prefix pattern (see `_prefix_forms`)."""
    return word.startswith(value) or (
        value.endswith("e") and len(value) >= 4 and word.startswith(value[:-1] + "ing")
    )
