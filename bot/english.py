"""pyspellchecker's English dictionary, loaded once per process and shared.

Two readers need to know whether a string is an English word: the note reviewer (is this word
misspelt?) and the advisor's speller (is this word a typo of a rulebook word, or a real word the
rulebook just doesn't use, such as "swap" next to "swag" or "rage" next to "page"?).
"""

from __future__ import annotations

import threading

from spellchecker import SpellChecker

COMMON_ENOUGH = 100
"""Word count in the dictionary's corpus from which a word is taken as real English and left
alone by the advisor's speller (rarer entries include old spellings and common misspellings)."""

_LOCK = threading.Lock()
_DICTIONARY: SpellChecker | None = None


def dictionary() -> SpellChecker:
    """The English dictionary, loaded on first need (about 0.25 s) and shared."""
    global _DICTIONARY
    with _LOCK:
        if _DICTIONARY is None:
            _DICTIONARY = SpellChecker(language="en", distance=1)
        return _DICTIONARY


def is_common_word(word: str) -> bool:
    """Whether `word` (lower case) is an English word at least `COMMON_ENOUGH` times in the
    dictionary's corpus."""
    return dictionary().word_frequency.dictionary.get(word, 0) >= COMMON_ENOUGH
