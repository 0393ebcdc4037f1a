"""The shared English dictionary: loaded once, and what counts as a common word."""

from __future__ import annotations

from bot.english import COMMON_ENOUGH, dictionary, is_common_word


def test_the_dictionary_is_loaded_once_and_shared() -> None:
    assert dictionary() is dictionary()


def test_everyday_words_are_common_and_typos_are_not() -> None:
    assert is_common_word("swap")
    assert is_common_word("interview")
    assert not is_common_word("interveiw")
    assert not is_common_word("linkdin")


def test_the_plain_spelling_of_an_accented_loanword_is_common() -> None:
    """The corpus counts "café" and "cliché" at its floor; read without accents they are
    everyday words, not typos to correct ("cafe" is not "cake")."""
    assert dictionary().word_frequency.dictionary.get("café", 0) < COMMON_ENOUGH
    assert is_common_word("cafe")
    assert is_common_word("cliche")
    assert not is_common_word("cafx")


def test_a_rare_entry_is_below_the_threshold() -> None:
    counts = dictionary().word_frequency.dictionary
    rare = next(word for word, count in counts.items() if 0 < count < COMMON_ENOUGH)
    assert not is_common_word(rare)
