from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.nudges.scheduler import WakeScheduler


class Work:
    """Counts passes; returns the next due time the test sets."""

    def __init__(self) -> None:
        self.passes: list[datetime] = []
        self.next: datetime | None = None
        self.fail_once = False
        self.ran = asyncio.Event()

    async def __call__(self) -> datetime | None:
        self.passes.append(datetime.now(UTC))
        self.ran.set()
        if self.fail_once:
            self.fail_once = False
            raise RuntimeError("database went away")
        upcoming, self.next = self.next, None
        return upcoming


async def _wait_for_passes(work: Work, count: int) -> None:
    while len(work.passes) < count:
        work.ran.clear()
        await asyncio.wait_for(work.ran.wait(), timeout=10)


async def test_start_runs_a_first_pass_and_sets_the_timer_it_returns() -> None:
    work = Work()
    work.next = datetime.now(UTC) + timedelta(seconds=0.4)
    scheduler = WakeScheduler(work, poll_seconds=3600)
    await scheduler.start()
    try:
        await _wait_for_passes(work, 1)
        assert scheduler.timer_at is not None
        await _wait_for_passes(work, 2)
        assert len(work.passes) == 2
        assert scheduler.timer_at is None
    finally:
        await scheduler.stop()


async def test_wake_at_keeps_the_earliest_timer_and_wake_now_runs_at_once() -> None:
    work = Work()
    scheduler = WakeScheduler(work, poll_seconds=3600)
    await scheduler.start()
    try:
        await _wait_for_passes(work, 1)
        later = datetime.now(UTC) + timedelta(hours=1)
        sooner = datetime.now(UTC) + timedelta(minutes=5)
        scheduler.wake_at(later)
        scheduler.wake_at(sooner)
        scheduler.wake_at(later)
        assert scheduler.timer_at == sooner
        scheduler.wake_now()
        await _wait_for_passes(work, 2)
        assert len(work.passes) == 2
    finally:
        await scheduler.stop()


async def test_a_failing_pass_does_not_stop_the_wake_ups() -> None:
    work = Work()
    work.fail_once = True
    scheduler = WakeScheduler(work, poll_seconds=0.2)
    await scheduler.start()
    try:
        await _wait_for_passes(work, 3)  # the safety poll keeps waking it
        assert scheduler.passes >= 3
    finally:
        await scheduler.stop()


async def test_wake_at_from_another_thread_is_safe() -> None:
    work = Work()
    scheduler = WakeScheduler(work, poll_seconds=3600)
    await scheduler.start()
    try:
        await _wait_for_passes(work, 1)
        soon = datetime.now(UTC) + timedelta(seconds=0.2)
        await asyncio.to_thread(scheduler.wake_at, soon)
        await _wait_for_passes(work, 2)
        assert work.passes[1] >= soon
    finally:
        await scheduler.stop()
