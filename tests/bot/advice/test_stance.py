"""The stance of a question: not doing, being required to, and an option of holding back."""

from __future__ import annotations

from bot.advice.question import split_words
from bot.advice.stance import waiting_option, weighs_both


def _waiting(text: str) -> list[str]:
    read = split_words(text)
    return [read.words[at] for at in sorted(waiting_option(read.words, read.clauses))]


def test_a_second_option_of_holding_back_is_found_to_the_end_of_its_clause() -> None:
    assert _waiting("do I resign now or wait for the paperwork?") == [
        "or", "wait", "for", "the", "paperwork"
    ]  # fmt: skip
    assert _waiting("tell my manager, or should I just keep quiet until then? thanks") == [
        "or", "should", "i", "just", "keep", "quiet", "until", "then"
    ]  # fmt: skip


def test_a_second_option_that_is_a_move_of_its_own_is_not_holding_back() -> None:
    assert _waiting("should I email or call the recruiter?") == []
    assert _waiting("should I stop applying or keep applying?") == []
    assert _waiting("I will wait for their answer") == []


def test_doing_set_against_not_doing_weighs_both() -> None:
    assert weighs_both(split_words("to connect or not to connect?").words)
    assert not weighs_both(split_words("should I not connect?").words)
