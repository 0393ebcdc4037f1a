"""The speller: typos are corrected to rulebook words, and no input makes it do unbounded work."""

from __future__ import annotations

import pytest

from bot.advice import speller as speller_module
from bot.advice.advisor import Advisor
from bot.advice.speller import Speller
from bot.core.coach import MESSAGE_MAX


def test_typos_are_corrected_to_rulebook_words() -> None:
    speller = Speller({"interview", "linkedin", "connect"})
    assert speller.correct("interveiw") == "interview"
    assert speller.correct("conect") == "connect"
    assert speller.correct("linkdin") == "linkedin"


def test_two_edits_that_change_the_first_letter_are_another_word() -> None:
    """ "aviation" is two edits from "vacation" but no typo of it; a dropped prefix is fine."""
    speller = Speller({"vacation", "negotiate", "interview"})
    assert speller.correct("aviation") == "aviation"
    assert speller.correct("renegotiate") == "negotiate"
    assert speller.correct("intreveiw") == "interview"


def test_a_common_english_word_is_not_a_typo_of_a_rulebook_word() -> None:
    """ "swap" is one edit from "swag", "rage" from "page": real words the rulebook doesn't use
    stay as they are, while a word built on a rulebook word is still read as it."""
    speller = Speller({"swag", "page", "nasty", "official", "interview"})
    assert speller.correct("swap") == "swap"
    assert speller.correct("rage") == "rage"
    assert speller.correct("hasty") == "hasty"
    assert speller.correct("officially") == "official"
    assert speller.correct("interveiw") == "interview"


def test_a_swapped_name_in_a_thank_you_is_not_read_as_a_gift(advisor: Advisor) -> None:
    words = advisor.read("can I copy the same note to all of them and swap the first name?").words
    assert "swap" in words
    assert "swag" not in words


def test_known_and_short_words_are_left_alone() -> None:
    speller = Speller({"interview"})
    assert speller.correct("weather") == "weather"
    assert speller.correct("xqz") == "xqz"


def test_a_word_longer_than_any_reachable_one_is_never_expanded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One 1,990-letter word once cost 23.6 s and 3.9 GB (its two-deletion variants)."""
    lengths: list[int] = []
    real = speller_module._deletions

    def recording(word: str, depth: int) -> set[str]:
        lengths.append(len(word))
        return real(word, depth)

    speller = Speller({"interview", "recommendation"})
    monkeypatch.setattr(speller_module, "_deletions", recording)
    long_word = "q" * (MESSAGE_MAX - 10)
    assert speller.correct(long_word) == long_word
    assert speller.correct("recommendationz") == "recommendation"
    assert lengths == [len("recommendationz")]
    assert long_word not in speller._cache


def test_the_longest_message_of_one_word_is_answered_out_of_scope(advisor: Advisor) -> None:
    advice = advisor.advise("a" * (MESSAGE_MAX - 10))
    assert advice.verdict.value == "out_of_scope"
