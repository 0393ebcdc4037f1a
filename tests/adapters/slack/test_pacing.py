"""The pacer spaces callers one interval apart and lets an idle sender go at once."""

from __future__ import annotations

import pytest

from adapters.slack.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))


async def test_a_burst_is_spread_one_interval_apart() -> None:
    fake = FakeTime()
    pacer = Pacer(rate=4, clock=fake.clock, sleep=fake.sleep)
    for _ in range(4):
        await pacer.wait()
    assert fake.sleeps == [0.25, 0.5, 0.75]


async def test_after_a_pause_the_next_caller_goes_at_once() -> None:
    fake = FakeTime()
    pacer = Pacer(rate=2, clock=fake.clock, sleep=fake.sleep)
    await pacer.wait()
    fake.now += 10
    await pacer.wait()
    assert fake.sleeps == []


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Pacer(0)
