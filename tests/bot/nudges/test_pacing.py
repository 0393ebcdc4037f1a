from __future__ import annotations

import pytest

from bot.nudges.pacing import TokenBucket


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_rate_applies() -> None:
    ticks = Ticks()
    bucket = TokenBucket(rate=2.0, burst=3, monotonic=ticks)
    assert [bucket.try_take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.try_take() == pytest.approx(0.5)
    ticks.now += 0.5
    assert bucket.try_take() == 0.0
    ticks.now += 100
    assert sum(bucket.try_take() == 0.0 for _ in range(10)) == 3  # never more than the burst


async def test_take_waits_for_a_token() -> None:
    bucket = TokenBucket(rate=50.0, burst=1)
    await bucket.take()
    assert bucket.try_take() > 0  # the next token is not there yet
    await bucket.take()


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(rate=0, burst=1)
