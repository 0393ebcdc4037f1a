"""How long it has been against how long they said it would take, from the numbers."""

from __future__ import annotations

import pytest

from bot.advice.advisor import Advisor
from bot.advice.question import split_words
from bot.advice.timing import (
    BEFORE_THEIR_DATE,
    PAST_THEIR_DATE,
    since_and_promised,
    timing_concept,
)


def _words(text: str) -> tuple[str, ...]:
    return split_words(text).words


@pytest.mark.parametrize(
    ("question", "spans", "concept"),
    [
        (
            "interview was 3 days ago, they said I'd hear in a week or two",
            (3, 14),
            BEFORE_THEIR_DATE,
        ),
        ("the decision takes about a month. it's been 8 days", (8, 30), BEFORE_THEIR_DATE),
        (
            "they'd get back to me within 5 business days, it has been 8 days",
            (8, 5),
            PAST_THEIR_DATE,
        ),
        ("2 weeks ago they said I'd hear back in a couple of weeks", (14, 14), PAST_THEIR_DATE),
        ("it's been 1-2 weeks and they said they'd decide in 10 days", (14, 10), PAST_THEIR_DATE),
    ],
)
def test_both_spans_are_read_and_compared(
    question: str, spans: tuple[float, float], concept: str
) -> None:
    assert since_and_promised(_words(question)) == spans
    assert timing_concept(_words(question)) == concept


@pytest.mark.parametrize(
    "question",
    [
        "it's been 10 days since the interview and I start my new job in 2 weeks",  # not their date
        "they said I'd hear in a week or two, should I follow up?",  # no time since
        "it has been 3 days, should I follow up?",  # no time they gave
    ],
)
def test_without_both_spans_nothing_is_compared(question: str) -> None:
    assert timing_concept(_words(question)) is None


def test_asking_before_their_date_is_not_following_up_after_silence(advisor: Advisor) -> None:
    early = advisor.advise(
        "final round was 3 days ago and they said I'd hear in a week or two. ok to follow up now?"
    )
    late = advisor.advise(
        "final round was 3 weeks ago and they said I'd hear in a week or two. ok to follow up now?"
    )
    assert early.rule_id == "follow_up.before_deadline"
    assert early.verdict is not late.verdict
    assert (
        BEFORE_THEIR_DATE
        in advisor.read("it was 3 days ago, they said I'd hear in 2 weeks").concepts
    )
