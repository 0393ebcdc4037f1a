"""The spelling check: British spellings and prefixed words are words; typos still are not."""

from __future__ import annotations

from functools import cache

import pytest

from bot.review.reviewer import Reviewer
from bot.review.values import NoteContext

CONTEXT = NoteContext(company="Acme", interviewers=("Dana Lee",))
NOTE = (
    "Dear Dana,\n\nThank you for the interview about the analyst role at Acme. I enjoyed "
    "hearing about {word} and the pricing dashboard.\n\nBest regards,\nSam"
)


@cache
def reviewer() -> Reviewer:
    return Reviewer.from_dir()


def spelt(word: str) -> list[str]:
    review = reviewer().review(NOTE.format(word=word), CONTEXT)
    return [f.excerpt for f in review.findings if f.check == "spelling"]


@pytest.mark.parametrize(
    "word",
    [
        "the programme",
        "how you organised it",
        "the harbour",
        "the centre",
        "the licence",
        "the travelled routes",
        "deduplicating records",
        "the maths app",
        "analysing churn",
    ],
)
def test_british_spellings_and_prefixed_words_are_not_typos(word: str) -> None:
    assert spelt(word) == []


@pytest.mark.parametrize(
    ("word", "typo"),
    [
        ("the programe", "programe"),
        ("untill today", "untill"),
        ("the harbr", "harbr"),
        ("orgnaised teams", "orgnaised"),
    ],
)
def test_typos_near_those_forms_are_still_caught(word: str, typo: str) -> None:
    assert spelt(word) == [typo]


def test_a_suggestion_is_the_commonest_word_one_edit_away() -> None:
    review = reviewer().review(NOTE.format(word="the recieved data"), CONTEXT)
    (finding,) = [f for f in review.findings if f.check == "spelling"]
    assert '"received"' in finding.suggestion
