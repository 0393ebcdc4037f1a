"""pyspellchecker's English dictionary, loaded once per process and shared.

Two readers need to know whether a string is an English word: the note reviewer (is this word
misspelt?) and the advisor's speller (is this word a typo of a rulebook word, or a real word the
rulebook just doesn't use, such as "swap" next to "swag" or "rage" next to "page"?).
"""

from __future__ import annotations

import threading
import unicodedata

from spellchecker import SpellChecker

COMMON_ENOUGH = 100
"""Word count in the dictionary's corpus from which a word is taken as real English and left
alone by the advisor's speller (rarer entries include old spellings and common misspellings)."""

_LOCK = threading.Lock()
_DICTIONARY: SpellChecker | None = None
_UNACCENTED: frozenset[str] = frozenset()


def dictionary() -> SpellChecker:
    """The English dictionary, loaded on first need (about 0.25 s) and shared."""
    global _DICTIONARY, _UNACCENTED
    with _LOCK:
        if _DICTIONARY is None:
            _DICTIONARY = SpellChecker(language="en", distance=1)
            _UNACCENTED = _unaccented(_DICTIONARY.word_frequency.dictionary)
        return _DICTIONARY


def unaccented(word: str) -> str:
    """`word` with its accents taken off ("café" is "cafe")."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _unaccented(counts: dict[str, int]) -> frozenset[str]:
    """The plain spellings of the dictionary's accented words ("cafe", "cliche", "fiance"): the
    corpus counts every accented word at its floor, below `COMMON_ENOUGH`, though loanwords such
    as "café" are everyday English, and the advisor reads them without their accents."""
    return frozenset(
        plain
        for word in counts
        if not word.isascii() and (plain := unaccented(word)).isascii() and plain not in counts
    )


def is_common_word(word: str) -> bool:
    """Whether `word` (lower case) is an English word at least `COMMON_ENOUGH` times in the
    dictionary's corpus, or the plain spelling of an accented one ("cafe")."""
    counts = dictionary().word_frequency.dictionary
    return counts.get(word, 0) >= COMMON_ENOUGH or word in _UNACCENTED
