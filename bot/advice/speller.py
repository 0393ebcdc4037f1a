"""Spelling correction against the words the rulebook knows.

"interveiw", "conect", "shoud", "linkdin": a typo in the one word that carries the meaning
would otherwise send a question to "not my area". Only words the rulebook cannot read are
corrected, and only to a known word one edit away (two for long words), so ordinary English
is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.advice.language import english
from bot.advice.question import stem
from bot.english import is_common_word

COMMON_WORDS = english().common_words
"""Everyday words that are never "corrected" (`rules/language/common-words.yaml`), on top of
the rulebook's own vocabulary."""


MAX_CACHED = 32
"""Longer words are not cached: a flood of unique long "words" must not grow memory."""


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps ("interveiw"); stops early once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[len(b)]


def allowed_edits(word: str) -> int:
    """How far a word of this length may be from its correction (0: too short to guess)."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


def _same_start(word: str, candidate: str) -> bool:
    """Whether a two-edit correction keeps the word's start: typos rarely change the first
    letter, so "aviation" is not "vacation"; a dropped prefix ("renegotiate") still counts."""
    return word[0] == candidate[0] or _built_on(word, candidate)


def _built_on(word: str, candidate: str) -> bool:
    """Whether `word` is `candidate` with a prefix ("renegotiate") or an ending ("officially")
    added: read as the candidate, not as a different word."""
    return word.startswith(candidate) or word.endswith(candidate)


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class Speller:
    """Corrects unknown words to the nearest rulebook word (symmetric-deletion lookup)."""

    def __init__(self, vocabulary: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha())
        self.prefixes = tuple(sorted(set(prefixes)))
        self._known = self.vocabulary | COMMON_WORDS
        self._known_stems = frozenset(stem(w) for w in self._known)
        self._by_deletion: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            for variant in _deletions(word, allowed_edits(word)):
                self._by_deletion.setdefault(variant, []).append(word)
        self._cache: dict[str, str] = {}
        self._longest = max(map(len, self.vocabulary), default=0)

    def correct(self, word: str) -> str:
        """The word itself when known (or too short to guess), else its closest rulebook word."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = self._correct(word)
        if len(self._cache) < 50_000 and len(word) <= MAX_CACHED:
            self._cache[word] = result
        return result

    def _correct(self, word: str) -> str:
        if word in self._known or not word.isalpha() or stem(word) in self._known_stems:
            return word
        if word.startswith(self.prefixes):
            return word
        limit = allowed_edits(word)
        if limit == 0 or len(word) > self._longest + limit:
            # No rulebook word is within reach, and the deletion variants of a long word grow
            # with its square: a 2,000-letter "word" would cost seconds and gigabytes.
            return word
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates.update(self._by_deletion.get(variant, ()))
        best: tuple[int, str] | None = None
        for candidate in candidates:
            distance = osa_distance(word, candidate, limit)
            if distance > 1 and not _same_start(word, candidate):
                continue
            if distance <= min(limit, allowed_edits(candidate) or 1) and (
                best is None or (distance, candidate) < best
            ):
                best = (distance, candidate)
        if best is None or _real_word(word, best[1]):
            return word
        return best[1]


def _real_word(word: str, correction: str) -> bool:
    """Whether `word` is English in its own right rather than a typo of `correction`; a word
    built on the correction ("renegotiate", "officially") is read as it, as before."""
    return not _built_on(word, correction) and is_common_word(word)
