"""The one limiter for nudge DMs: burst, then the rate; arrival order; one set of settings."""

from __future__ import annotations

import pytest

from bot.config import DeliverySettings, Settings
from bot.nudges.pacing import TokenBucket, limiter_for


class FakeTime:
    """A clock that only moves when the limiter sleeps, so no test waits real seconds."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_a_burst_is_allowed_then_the_rate_applies() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=2.0, burst=3, monotonic=fake.clock)
    assert [bucket.try_take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.try_take() == pytest.approx(0.5)
    fake.now += 0.5
    assert bucket.try_take() == 0.0
    fake.now += 100
    assert sum(bucket.try_take() == 0.0 for _ in range(10)) == 3  # never more than the burst


async def test_a_burst_beyond_the_bucket_is_spread_one_interval_apart() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=4, burst=1, monotonic=fake.clock, sleep=fake.sleep)
    for _ in range(4):
        await bucket.take()
    assert fake.sleeps == [0.25, 0.25, 0.25]
    assert fake.now == pytest.approx(100.75)


async def test_after_a_pause_the_next_caller_goes_at_once() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=2, burst=1, monotonic=fake.clock, sleep=fake.sleep)
    await bucket.take()
    fake.now += 10
    await bucket.take()
    assert fake.sleeps == []


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBucket(rate=0, burst=1)
    with pytest.raises(ValueError, match="burst"):
        TokenBucket(rate=1, burst=0)


def test_each_platform_gets_its_rate_from_the_one_set_of_settings() -> None:
    settings = Settings.from_env(
        {
            "AFTERVIEW_SEND_RATE": "3",
            "AFTERVIEW_SEND_RATE_SLACK": "1.5",
            "AFTERVIEW_SEND_BURST": "2",
        }
    )
    slack = limiter_for("slack", settings.delivery)
    discord = limiter_for("discord", settings.delivery)
    assert (slack.rate, slack.burst) == (1.5, 2)
    assert (discord.rate, discord.burst) == (3.0, 2)
    assert limiter_for("slack", DeliverySettings()).rate == DeliverySettings().send_rate
