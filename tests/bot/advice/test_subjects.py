"""Who a question is about: "my <relative>" as the subject of a clause."""

from __future__ import annotations

import pytest

from bot.advice.question import split_words
from bot.advice.subjects import relative_subjects


def _subjects(text: str) -> list[str]:
    split = split_words(text)
    return [
        " ".join(split.words[span.start : span.stop])
        for span in relative_subjects(split.words, split.clauses)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("My girlfriend wants to send the hiring manager flowers", ["my girlfriend"]),
        ("Is it bad that my dad stopped applying?", ["my dad"]),
        ("Should my son call them again?", ["my son"]),
        ("I got the offer. My wife says I should resign now", ["my wife"]),
    ],
)
def test_a_relative_who_acts_is_found(text: str, found: list[str]) -> None:
    assert _subjects(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "can I use my dad as a reference?",
        "can my mom be a reference?",
        "should I tell my friends about the interview?",
        "my boss found out I'm interviewing",
    ],
)
def test_a_relative_asked_about_or_a_colleague_is_not(text: str) -> None:
    assert _subjects(text) == []
