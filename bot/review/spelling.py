"""The `spelling` check: misspelt words, against pyspellchecker's English dictionary.

Cost is bounded whatever is pasted: suggestions are looked up at edit distance 1 only (about a
millisecond a word), at most `MAX_UNKNOWN` distinct unknown words are looked at, and a run of
letters longer than the check's ``max_word`` is reported as not a word without a lookup.
Capitalised words inside a sentence are names and products, left to the `wrong_name` check.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from spellchecker import SpellChecker

from bot.review.checkfile import CheckSpec
from bot.review.note import Note, Word
from bot.review.values import Finding

MAX_UNKNOWN = 40
"""Distinct unknown words looked up per note; past that a note is not English prose anyway."""

_LOCK = threading.Lock()
_DICTIONARY: SpellChecker | None = None


def dictionary() -> SpellChecker:
    """The English dictionary, loaded once per process (about 0.1 s) and shared."""
    global _DICTIONARY
    with _LOCK:
        if _DICTIONARY is None:
            _DICTIONARY = SpellChecker(language="en", distance=1)
        return _DICTIONARY


def spelling_findings(
    spec: CheckSpec, note: Note, known: Iterable[str], taken: list[tuple[int, int]]
) -> Iterator[Finding]:
    """Misspelt words not already covered by a grammar-slip finding (the spans in `taken`)."""
    speller = dictionary()
    extra = {w.lower() for w in spec.settings.get("extra_words", ())}
    extra.update(w.lower() for w in known)
    longest = int(spec.settings.get("max_word", 24))
    seen: set[str] = set()
    looked_up = 0
    for word in note.words:
        if any(word.start < e and s < word.end for s, e in taken):
            continue
        lowered = word.text.lower()
        if lowered in seen or not _checkable(word, note):
            continue
        seen.add(lowered)
        if len(word.text) > longest:
            yield _finding(spec, note, word, "That is not a word; check for a paste slip.")
            continue
        stem = lowered[:-2] if lowered.endswith("'s") else lowered
        if stem in extra or stem in speller or lowered in speller:
            continue
        looked_up += 1
        if looked_up > MAX_UNKNOWN:
            return
        best = _best(speller, stem)
        if best is not None:
            yield _finding(spec, note, word, f'Check the spelling: did you mean "{best}"?')


def _checkable(word: Word, note: Note) -> bool:
    text = word.text
    if len(text) < 3 or any(c.isupper() for c in text[1:]):
        return False  # short words, acronyms, CamelCase product names
    if not word.capitalised:
        return True
    # A capitalised word starting a sentence of the body may be a typo; elsewhere it is a name.
    greeting_end = note.greeting_span[1]
    return word.sentence_start and greeting_end <= word.start < note.closing_start


def _best(speller: SpellChecker, word: str) -> str | None:
    candidates = speller.candidates(word)
    if not candidates or candidates == {word}:
        return None
    return max(sorted(candidates), key=speller.word_usage_frequency)


def _finding(spec: CheckSpec, note: Note, word: Word, suggestion: str) -> Finding:
    return Finding(
        spec.id,
        note.excerpt(word.start, word.end),
        suggestion,
        spec.severity,
        word.start,
        word.end,
    )
