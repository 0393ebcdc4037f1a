"""Delivers due nudges: claim from the table, decide (`bot.nudges.policy`), send, record.

Guarantees and the one gap:

* A nudge is claimed by exactly one dispatcher (see `bot.db.queue`), however many timers fire
  or replicas run.
* A crash mid-send loses nothing: the claim's lease runs out and the nudge is claimed again.
* Time is the database's (see `bot.db.queue`): a replica with a wrong clock neither claims
  early, nor skips as late, nor takes over a lease before it ran out.
* Each send is fenced: right before it, the claim's lease is re-checked and extended, so a
  process that was frozen past its lease sends nothing.
* When recording a result fails (the database went away), the batch stops at once and its
  unsent claims are released; the result is recorded again on the next pass, before anything
  new is claimed. `stop()` lets sends in flight finish and be recorded and releases the rest.
* The only duplicate window is a crash after the platform accepted the message but before
  "sent" was committed (one small transaction, milliseconds). Discord drops such a re-send by
  its nonce (`Delivery.key`); Slack has no idempotency key, so a user may then get a nudge
  twice. ``tests/e2e/test_kill_restart.py`` measures how often that happens under SIGKILL, and
  ``bench/bench_faults.py`` under outages, clock skew, freezes and stops.

Database work runs in worker threads in small batches, so a backlog of thousands of overdue
nudges never holds the event loop (and with it the platform connections) for long.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.config import DeliverySettings
from bot.core.ports import Delivery, Notifier, RecipientUnreachable, TransientDeliveryError
from bot.db import queue
from bot.nudges import policy
from bot.nudges.plan import Plan, Step
from bot.nudges.stats import DispatchStats
from bot.nudges.unreachable import UnreachableIndex

__all__ = ["Dispatcher", "RecordFailed", "fallback_notice"]

log = logging.getLogger(__name__)
UTC_ZONE = ZoneInfo("UTC")


class RecordFailed(Exception):
    """The database refused a write for a claimed nudge; the batch must stop."""


@dataclass(frozen=True, slots=True)
class _Unrecorded:
    """A send the platform accepted whose "sent" could not be committed yet."""

    item: queue.Claimed
    note: str | None
    late: bool


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
        """`clock` replaces the database's clock (tests move time by hand); leave it None."""
        self._sessions = sessions
        self._plan = plan
        self._unreachable = unreachable
        self._settings = settings or DeliverySettings()
        self._policy = policy.NudgePolicy(self._settings, default_zone)
        self._clock = clock
        self._stopping = False
        self._unrecorded: list[_Unrecorded] = []
        self._notifiers: dict[str, Notifier] = {}
        self._lock = asyncio.Lock()
        # A send that hangs must give up well before its lease ends, or another pass could
        # claim the nudge again while this one is still trying.
        self._send_timeout = min(30.0, self._settings.lease_seconds / 2)

    @property
    def platforms(self) -> frozenset[str]:
        return frozenset(self._notifiers)

    def add_notifier(self, notifier: Notifier) -> None:
        """One notifier per platform; this dispatcher claims only nudges for these platforms.
        Each paces its own sends (`bot.nudges.pacing.limiter_for`)."""
        self._notifiers[notifier.platform] = notifier

    def next_due(self) -> datetime | None:
        """Blocking: the next time there is work, on this process's clock (the table holds
        database times; the difference between the two clocks is taken off)."""
        due = queue.next_due(self._sessions, platforms=self.platforms)
        if due is None or self._clock is not None:
            return due
        return datetime.now(UTC) + (due - queue.database_time(self._sessions))

    def stop(self) -> None:
        """Claim nothing more; sends in flight finish and the rest of the batch is released."""
        self._stopping = True

    @property
    def stop_grace(self) -> float:
        """How long a stop may wait for the sends in flight (each gives up by its timeout)."""
        return self._send_timeout + 5.0

    @property
    def unrecorded(self) -> int:
        """Sends the platform accepted whose "sent" is not committed yet."""
        return len(self._unrecorded)

    async def run_due(self) -> DispatchStats:
        """Deliver everything due now, batch by batch, until nothing due is left.

        Raises `RecordFailed` while sends it made cannot be recorded; nothing new is claimed
        until they are.
        """
        total = DispatchStats()
        async with self._lock:
            await self._record_unrecorded(total)
            while not self._stopping:
                stats = await self._one_batch()
                total.add(stats)
                if stats.halted or stats.claimed < self.batch_size:
                    break
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
            now=self._now(),
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
            while not work.empty() and not stats.halted and not self._stopping:
                item = work.get_nowait()
                try:
                    await self._deliver(item, stats)
                except RecordFailed as error:
                    log.error("nudge %s: %s; stopping this batch", item.nudge_id, error)
                    stats.errors.append(f"{item.nudge_id}: {error}")
                    stats.halted = True
                except Exception as error:  # a bug must not stop the other deliveries
                    log.exception("nudge %s: unexpected error", item.nudge_id)
                    stats.errors.append(f"{item.nudge_id}: {error!r}")

        workers = min(settings.concurrency, len(claimed))
        await asyncio.gather(*(worker() for _ in range(workers)))
        unsent = [work.get_nowait() for _ in range(work.qsize())]
        stats.halted = stats.halted or self._stopping
        if unsent:
            try:
                stats.released = await asyncio.to_thread(queue.release, self._sessions, unsent)
            except Exception as error:  # their leases run out instead; none was sent
                log.warning("could not release %d unsent claim(s): %s", len(unsent), error)
        return stats

    async def _record_unrecorded(self, stats: DispatchStats) -> None:
        """Record the sends an earlier pass could not, before claiming anything new."""
        while self._unrecorded:
            pending = self._unrecorded[0]
            try:
                ok = await asyncio.to_thread(
                    queue.mark_sent,
                    self._sessions,
                    pending.item,
                    now=self._now(),
                    note=pending.note,
                )
            except Exception as error:
                raise RecordFailed(f"still cannot record sent nudges: {error}") from error
            self._unrecorded.pop(0)
            if ok:
                stats.sent += 1
                stats.late += int(pending.late)
            else:
                stats.lost_lease += 1

    async def _deliver(self, item: queue.Claimed, stats: DispatchStats) -> None:
        decision = self._policy.before_send(item, self._step(item.step_id))
        if isinstance(decision, policy.Skip):
            await self._record(stats, queue.mark_skipped, item, note=decision.note)
            stats.skipped += 1
            return
        if isinstance(decision, policy.Hold):
            await self._record(
                stats,
                queue.reschedule,
                item,
                due=decision.until,
                note=decision.note,
                count_attempt=False,
            )
            stats.deferred += 1
            return
        candidates = [
            who for who in (item.recipient, *item.fallbacks) if who.platform in self._notifiers
        ]
        unreachable: list[str] = []
        delivered_to = None
        for who in candidates:
            fenced = await self._fence(item)
            if fenced is None:
                stats.lost_lease += 1
                log.warning("nudge %s: lease lost before sending; not sent", item.nudge_id)
                return
            item = fenced
            try:
                await self._send(Delivery(item.nudge_id, who, decision.reply, item.delivery_key))
            except RecipientUnreachable as error:
                unreachable.append(f"{who.platform}: {error}")
                continue
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
            delivered_to = who
            break
        if delivered_to is None:
            reason = "; ".join(unreachable) or "no linked account on a connected platform"
            await self._record(stats, queue.mark_unreachable, item, now=self._now(), reason=reason)
            if self._unreachable is not None:
                self._unreachable.invalidate()
            stats.unreachable += 1
            return
        if unreachable:  # delivered, but not where the person asked: tell them next time
            await asyncio.to_thread(
                queue.leave_notice,
                self._sessions,
                item.user_id,
                fallback_notice(item.recipient.platform, delivered_to.platform),
            )
            if self._unreachable is not None:
                self._unreachable.invalidate()  # the notice is seen at the next request
            stats.fell_back += 1
        try:
            await self._record(stats, queue.mark_sent, item, now=self._now(), note=decision.note)
        except RecordFailed:
            self._unrecorded.append(_Unrecorded(item, decision.note, decision.late))
            raise
        stats.sent += 1
        stats.late += int(decision.late)

    async def _fence(self, item: queue.Claimed) -> queue.Claimed | None:
        lease = timedelta(seconds=self._settings.lease_seconds)
        try:
            return await asyncio.to_thread(
                queue.fence, self._sessions, item, lease=lease, now=self._now()
            )
        except Exception as error:
            raise RecordFailed(f"could not check the lease: {error}") from error

    async def _send(self, delivery: Delivery) -> None:
        """One try on one platform: only a platform that said "unreachable" is ever followed
        by another, so a nudge is never delivered twice. Each notifier paces its own sends."""
        async with asyncio.timeout(self._send_timeout):
            await self._notifiers[delivery.recipient.platform].send(delivery)

    async def _retry(
        self, item: queue.Claimed, stats: DispatchStats, error: str, retry_after: float | None
    ) -> None:
        delay = self._policy.backoff(item.attempts, retry_after)
        if delay is None:
            await self._record(
                stats, queue.mark_failed, item, error=policy.gave_up(item.attempts, error)
            )
            stats.failed += 1
            return
        await self._record(
            stats,
            queue.reschedule,
            item,
            delay=delay,
            now=self._now(),
            error=error,
        )
        stats.retried += 1

    async def _record(
        self,
        stats: DispatchStats,
        action: Callable[..., bool],
        item: queue.Claimed,
        **kwargs: object,
    ) -> None:
        try:
            ok = await asyncio.to_thread(action, self._sessions, item, **kwargs)
        except Exception as error:
            raise RecordFailed(f"could not record the result: {error}") from error
        if not ok:
            stats.lost_lease += 1
            log.warning("nudge %s: lease lost or nudge gone before recording", item.nudge_id)

    def _now(self) -> datetime | None:
        """The test clock when one is set; None means "the database's clock"."""
        return None if self._clock is None else self._clock()

    def _step(self, step_id: str) -> Step | None:
        try:
            return self._plan.step(step_id)
        except KeyError:
            return None


def fallback_notice(wanted: str, used: str) -> str:
    """Told at the person's next interaction, so a nudge on another platform is not missed."""
    return (
        f"A nudge could not reach you on {wanted.capitalize()}, so it came by "
        f"{used.capitalize()} instead. Check your {wanted.capitalize()} DMs, or change where "
        "nudges go with `settings nudges PLATFORM`."
    )
