"""The one list of outcomes and the words that name them."""

from __future__ import annotations

import pytest

from bot.interviews.outcomes import FINAL, OUTCOMES, Outcome, read_outcome


@pytest.mark.parametrize(
    ("word", "expected"),
    [("offer", Outcome.OFFER), ("Offered!", Outcome.OFFER), ("rejection", Outcome.REJECTED),
     ("withdrew", Outcome.WITHDRAWN), ("waiting", Outcome.PENDING), ("maybe", None), ("", None)],
)  # fmt: skip
def test_words_read_as_outcomes(word: str, expected: Outcome | None) -> None:
    assert read_outcome(word) == expected


def test_pending_is_the_only_outcome_that_keeps_nudges_coming() -> None:
    assert set(OUTCOMES) - FINAL == {Outcome.PENDING.value}
