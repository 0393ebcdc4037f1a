"""APScheduler 3.11 wiring: timers that only *wake* the dispatcher; the table is the truth.

APScheduler on its own is at-most-once (a date job is deleted before it runs) and drops jobs
that were due while the process was down, so it never holds a nudge here. It keeps two kinds of
job in its memory store: one date job at the earliest due time in the table, and an interval
job as a safety poll. Each wake-up runs the dispatcher, which then re-reads the next due time
and sets the date job again; at start the timer is rebuilt from the table.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

WAKE_JOB = "afterview-wake"
POLL_JOB = "afterview-poll"
MIN_REPASS = timedelta(milliseconds=250)
FIRST_RETRY = 0.5
"""Seconds before a failed pass is tried again; doubled per failure up to the poll interval."""


class WakeScheduler:
    """Runs `work` whenever woken (a timer, the poll, or `wake_at`), never two at once.

    `work` delivers what is due and returns the next due time, or None when nothing is owed.
    """

    def __init__(
        self,
        work: Callable[[], Awaitable[datetime | None]],
        *,
        poll_seconds: float = 60.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._work = work
        self._poll = poll_seconds
        self._clock = clock or (lambda: datetime.now(UTC))
        self._scheduler: AsyncIOScheduler | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event = asyncio.Event()
        self._idle = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._timer_at: datetime | None = None
        self._working = False
        self._failures = 0
        self.passes = 0

    async def start(self) -> None:
        """Start the timers in the running loop and do a first pass at once (rebuilds timers)."""
        self._loop = asyncio.get_running_loop()
        quiet = logging.getLogger("apscheduler")
        if quiet.level == logging.NOTSET:  # a timer per due time is routine, not news
            quiet.setLevel(logging.WARNING)
        scheduler = AsyncIOScheduler(event_loop=self._loop, timezone=UTC)
        scheduler.add_job(
            self._fire,
            "interval",
            seconds=self._poll,
            id=POLL_JOB,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        scheduler.start()
        self._scheduler = scheduler
        self._task = asyncio.create_task(self._run(), name="afterview-dispatch")
        self._event.set()

    async def stop(self, *, grace: float = 0.0) -> None:
        """Stop the timers; a pass under way gets up to `grace` seconds to finish first (the
        caller has told the work to wind down), then it is cancelled."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._task is not None:
            if self._working and grace > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._idle.wait(), grace)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake_now(self) -> None:
        """Wake the dispatcher soon; safe to call from any thread."""
        self._call(self._event.set)

    def wake_at(self, when: datetime | None) -> None:
        """Make sure the dispatcher wakes by `when`; safe to call from any thread."""
        if when is not None:
            self._call(lambda: self._set_timer(when))

    @property
    def timer_at(self) -> datetime | None:
        """When the date job will next fire (None when no nudge is owed)."""
        return self._timer_at

    def _call(self, callback: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            callback()
        else:
            loop.call_soon_threadsafe(callback)

    def _set_timer(self, when: datetime) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return
        if self._timer_at is not None and self._timer_at <= when:
            return  # an earlier wake-up is already set; it will look again afterwards
        if when <= self._clock() + timedelta(milliseconds=5):
            self._event.set()
            return
        self._timer_at = when
        scheduler.add_job(
            self._fire_timer,
            "date",
            run_date=when,
            id=WAKE_JOB,
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def _fire_timer(self) -> None:
        self._timer_at = None
        self._event.set()

    async def _fire(self) -> None:
        self._event.set()

    async def _run(self) -> None:
        while True:
            await self._event.wait()
            self._event.clear()
            self._working = True
            self._idle.clear()
            try:
                upcoming = await self._work()
            except Exception:
                self._failures += 1
                delay = min(self._poll, FIRST_RETRY * 2 ** (self._failures - 1))
                log.exception("dispatch pass failed; trying again in %.1fs", delay)
                self._set_timer(self._clock() + timedelta(seconds=delay))
                continue
            finally:
                self._working = False
                self._idle.set()
                self.passes += 1
            self._failures = 0
            if upcoming is not None:
                # Something due but not claimable now (locked by another replica, or it came
                # due during the pass): look again shortly rather than spin.
                self._set_timer(max(upcoming, self._clock() + MIN_REPASS))
