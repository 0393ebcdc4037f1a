"""Where the asker interviewed: the employer's name after "interviewed at", "offer from"."""

from __future__ import annotations

import pytest

from bot.advice.employers import LONGEST_NAME, employer_names
from bot.advice.question import split_words


def _names(text: str) -> list[str]:
    split = split_words(text)
    return [
        " ".join(split.words[span.start : span.stop])
        for span in employer_names(split.words, split.clauses)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I interviewed at a wine bar for a bartender job, should I send a note?", ["a wine bar"]),
        ("I interviewed at Tinder for a marketing role", ["tinder"]),
        ("I interviewed at a pizza place, can I call them after a week?", ["a pizza place"]),
        ("Got an offer from a flower delivery company today", ["a flower delivery company"]),
        (
            "my job at the candy store is over, I interviewed at LinkedIn",
            ["the candy store", "linkedin"],
        ),
    ],
)
def test_the_employer_named_after_a_marker_is_found(text: str, found: list[str]) -> None:
    assert _names(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "should I send flowers to my interviewer?",
        "I interviewed with a wine bar owner",  # "with" names a person, not where
    ],
)
def test_no_marker_finds_nothing(text: str) -> None:
    assert _names(text) == []


def test_a_time_after_the_marker_is_a_name_without_trades() -> None:
    """ "At 3pm" reads as a name too; it holds no concept, so nothing is set aside."""
    assert _names("I interviewed at 3pm yesterday") == ["3pm"]


def test_a_name_runs_to_at_most_the_longest_name() -> None:
    found = _names("I interviewed at a very large old family owned flower shop")
    assert len(found) == 1
    assert len(found[0].split()) == LONGEST_NAME


def test_a_person_at_an_employer_names_it_too() -> None:
    assert _names("the hiring manager at the wine bar said Friday") == ["the wine bar"]
    assert _names("the owner of the pizza place interviewed me") == ["the pizza place"]
