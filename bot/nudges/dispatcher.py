"""Delivers due nudges: claim from the table, decide (late, too late, quiet), send, record.

Guarantees and the one gap:

* A nudge is claimed by exactly one dispatcher (see `bot.db.queue`), however many timers fire
  or replicas run.
* A crash mid-send loses nothing: the claim's lease runs out and the nudge is claimed again.
* The only duplicate window is a crash after the platform accepted the message but before
  "sent" was committed (one small transaction, milliseconds). Discord drops such a re-send by
  its nonce (`Delivery.key`); Slack has no idempotency key, so a user may then get a nudge
  twice. ``tests/e2e/test_kill_restart.py`` measures how often that happens under SIGKILL.

Database work runs in worker threads in small batches, so a backlog of thousands of overdue
nudges never holds the event loop (and with it the platform connections) for long.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.config import DeliverySettings
from bot.core.ports import Delivery, Notifier, RecipientUnreachable, TransientDeliveryError
from bot.db import queue
from bot.interviews.preferences import preferences_of, safe_zone
from bot.nudges.calendar import next_allowed
from bot.nudges.pacing import TokenBucket
from bot.nudges.plan import Plan, Step
from bot.nudges.reply import NudgeContext, nudge_reply
from bot.nudges.unreachable import UnreachableIndex

log = logging.getLogger(__name__)
UTC_ZONE = ZoneInfo("UTC")


@dataclass
class DispatchStats:
    """What one pass did, for logs, tests and benchmarks."""

    sent: int = 0
    late: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0
    lost_lease: int = 0
    claimed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DispatchStats) -> None:
        for name in (
            "sent",
            "late",
            "skipped",
            "deferred",
            "retried",
            "failed",
            "unreachable",
            "lost_lease",
            "claimed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


class Dispatcher:
    """Sends what is due through the notifier of each recipient's platform."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        plan: Plan,
        *,
        settings: DeliverySettings | None = None,
        default_zone: ZoneInfo = UTC_ZONE,
        clock: Callable[[], datetime] | None = None,
        unreachable: UnreachableIndex | None = None,
    ) -> None:
        self._sessions = sessions
        self._plan = plan
        self._unreachable = unreachable
        self._settings = settings or DeliverySettings()
        self._default_zone = default_zone
        self._clock = clock or (lambda: datetime.now(UTC))
        self._notifiers: dict[str, Notifier] = {}
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = asyncio.Lock()
        # A send that hangs must give up well before its lease ends, or another pass could
        # claim the nudge again while this one is still trying.
        self._send_timeout = min(30.0, self._settings.lease_seconds / 2)

    @property
    def platforms(self) -> frozenset[str]:
        return frozenset(self._notifiers)

    def add_notifier(self, notifier: Notifier) -> None:
        """One notifier per platform; this dispatcher claims only nudges for these platforms."""
        self._notifiers[notifier.platform] = notifier
        self._buckets[notifier.platform] = TokenBucket(
            self._settings.rate_for(notifier.platform), self._settings.send_burst
        )

    def next_due(self) -> datetime | None:
        """Blocking: the next time there is work (call it in a thread from async code)."""
        return queue.next_due(self._sessions, platforms=self.platforms)

    async def run_due(self) -> DispatchStats:
        """Deliver everything due now, batch by batch, until nothing due is left."""
        total = DispatchStats()
        async with self._lock:
            while True:
                stats = await self._one_batch()
                total.add(stats)
                if stats.claimed < self.batch_size:
                    return total

    @property
    def batch_size(self) -> int:
        """Claim no more than a quarter of a lease's worth of sends at the rate limit, so a
        batch is always finished long before its lease could run out."""
        settings = self._settings
        slowest = min((settings.rate_for(p) for p in self._notifiers), default=settings.send_rate)
        by_rate = int(slowest * settings.lease_seconds / 4)
        return max(1, min(settings.batch_size, by_rate))

    async def _one_batch(self) -> DispatchStats:
        settings = self._settings
        claimed = await asyncio.to_thread(
            queue.claim_due,
            self._sessions,
            now=self._clock(),
            platforms=self.platforms,
            lease=timedelta(seconds=settings.lease_seconds),
            limit=self.batch_size,
        )
        stats = DispatchStats(claimed=len(claimed))
        if not claimed:
            return stats
        work: asyncio.Queue[queue.Claimed] = asyncio.Queue()
        for item in claimed:
            work.put_nowait(item)

        async def worker() -> None:
            while not work.empty():
                item = work.get_nowait()
                try:
                    await self._deliver(item, stats)
                except Exception as error:  # a bug must not stop the other deliveries
                    log.exception("nudge %s: unexpected error", item.nudge_id)
                    stats.errors.append(f"{item.nudge_id}: {error!r}")

        workers = min(settings.concurrency, len(claimed))
        await asyncio.gather(*(worker() for _ in range(workers)))
        return stats

    async def _deliver(self, item: queue.Claimed, stats: DispatchStats) -> None:
        now = self._clock()
        step = self._step(item.step_id)
        if step is None:
            await self._record(
                stats,
                queue.mark_skipped,
                item,
                note=f"skipped: the plan no longer has a step {item.step_id!r}",
            )
            stats.skipped += 1
            return
        late_by = now - item.planned_at
        if late_by > step.grace:
            note = (
                f"skipped: came due {item.planned_at:%Y-%m-%d %H:%M} UTC and was "
                f"{_hours(late_by)} late, past its grace of {_hours(step.grace)}"
            )
            await self._record(stats, queue.mark_skipped, item, note=note)
            stats.skipped += 1
            return
        prefs = preferences_of(
            timezone=item.user_timezone,
            quiet_start=item.quiet_start,
            quiet_end=item.quiet_end,
            quiet_off=item.quiet_off,
            weekends=item.weekends,
            default_zone=self._default_zone,
        )
        allowed = next_allowed(now, prefs)
        if allowed > now + timedelta(seconds=1):
            await self._record(
                stats,
                queue.reschedule,
                item,
                due=allowed,
                note="held until quiet hours ended",
                count_attempt=False,
            )
            stats.deferred += 1
            return
        late = late_by > timedelta(seconds=self._settings.late_after_seconds)
        zone = safe_zone(item.interview_timezone) or prefs.timezone
        reply = nudge_reply(
            step,
            NudgeContext(
                nudge_id=item.nudge_id,
                interview_id=item.interview_id,
                company=item.company,
                interview_at=item.interview_at,
                zone=zone,
                interviewers=item.interviewers,
                role=item.role,
            ),
            late_by=late_by if late else None,
        )
        platform = item.recipient.platform
        await self._buckets[platform].take()
        delivery = Delivery(item.nudge_id, item.recipient, reply, item.delivery_key)
        try:
            async with asyncio.timeout(self._send_timeout):
                await self._notifiers[platform].send(delivery)
        except RecipientUnreachable as error:
            await self._record(
                stats, queue.mark_unreachable, item, now=self._clock(), reason=str(error)
            )
            if self._unreachable is not None:
                self._unreachable.invalidate()
            stats.unreachable += 1
            return
        except TransientDeliveryError as error:
            await self._retry(item, stats, str(error) or "transient error", error.retry_after)
            return
        except TimeoutError:
            await self._retry(item, stats, f"no answer within {self._send_timeout:.0f}s", None)
            return
        except Exception as error:  # an adapter bug: treat like a transient failure
            log.exception("nudge %s: notifier failed", item.nudge_id)
            await self._retry(item, stats, f"{type(error).__name__}: {error}", None)
            return
        sent_note = f"sent {_hours(late_by)} late, with an apology" if late else None
        await self._record(stats, queue.mark_sent, item, now=self._clock(), note=sent_note)
        stats.sent += 1
        stats.late += int(late)

    async def _retry(
        self, item: queue.Claimed, stats: DispatchStats, error: str, retry_after: float | None
    ) -> None:
        settings = self._settings
        if item.attempts >= settings.max_attempts:
            await self._record(
                stats,
                queue.mark_failed,
                item,
                error=f"gave up after {item.attempts} attempts: {error}",
            )
            stats.failed += 1
            return
        backoff = min(
            settings.backoff_max_seconds,
            settings.backoff_seconds * 2 ** max(item.attempts - 1, 0),
        )
        if retry_after is not None:
            backoff = max(backoff, retry_after)
        due = self._clock() + timedelta(seconds=backoff)
        await self._record(stats, queue.reschedule, item, due=due, error=error)
        stats.retried += 1

    async def _record(
        self,
        stats: DispatchStats,
        action: Callable[..., bool],
        item: queue.Claimed,
        **kwargs: object,
    ) -> None:
        ok = await asyncio.to_thread(action, self._sessions, item, **kwargs)
        if not ok:
            stats.lost_lease += 1
            log.warning("nudge %s: lease lost or nudge gone before recording", item.nudge_id)

    def _step(self, step_id: str) -> Step | None:
        try:
            return self._plan.step(step_id)
        except KeyError:
            return None


def _hours(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
