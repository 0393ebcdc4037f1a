"""The dispatcher under faults, on a real SQLite file and a real PostgreSQL database: the
database failing mid-batch, a replica whose clock is wrong, a process frozen past its lease,
and a graceful stop in the middle of a batch. Each must lose nothing and send nothing twice
(beyond a send that was already in flight, the one documented window)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.core.messages import Identity
from bot.core.ports import Delivery
from bot.db import queue
from bot.db.models import Nudge
from bot.interviews.service import NewInterview
from bot.services import Services
from tests.nudge_support import FAST, Clock, RecordingNotifier, always_on, build_services, user

ONE_AT_A_TIME = dataclasses.replace(FAST, concurrency=1, lease_seconds=5.0)


class Outage:
    """Makes every statement on an engine fail while `down`, as a dead server would."""

    def __init__(self, services: Services) -> None:
        self.down = False
        self.failures_left: int | None = None
        event.listen(services.engine, "before_cursor_execute", self._check)

    def _check(self, *_args: Any) -> None:
        if not self.down:
            return
        if self.failures_left is not None:
            self.failures_left -= 1
            if self.failures_left <= 0:
                self.down = False
        raise OperationalError("statement", {}, ConnectionRefusedError("server is down"))


class TriggerNotifier(RecordingNotifier):
    """Records deliveries; runs `on_send` after the n-th accepted send."""

    def __init__(self, after: int, on_send: Any) -> None:
        super().__init__()
        self._after = after
        self._on_send = on_send

    async def send(self, delivery: Delivery) -> None:
        await super().send(delivery)
        if len(self.deliveries) == self._after:
            self._on_send()


class GateNotifier(RecordingNotifier):
    """Holds the first send until `gate` opens (a frozen or slow send), then accepts it."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, delivery: Delivery) -> None:
        if not self.deliveries and not self.started.is_set():
            self.started.set()
            await self.gate.wait()
        await super().send(delivery)


@pytest.fixture
def services(db_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(db_url, clock=clock, delivery=ONE_AT_A_TIME)
    yield built
    built.close()


def register(services: Services, users: int, at_offset: timedelta = timedelta(0)) -> list[int]:
    owed: list[int] = []
    for i in range(users):
        who: Identity = user(f"u{i}")
        always_on(services, who)
        at = services.tracker.now() + at_offset
        owed += [n.id for n in services.tracker.register(who, NewInterview(f"Co {i}", at)).upcoming]
    return owed


def states(services: Services) -> dict[int, tuple[str, int, bool]]:
    """nudge id -> (state, attempts, still leased)"""
    with services.sessions() as session:
        return {
            n.id: (n.state, n.attempts, n.lease_until is not None)
            for n in session.scalars(select(Nudge))
        }


async def test_a_failed_record_stops_the_batch_and_records_the_send_later(
    services: Services, clock: Clock
) -> None:
    outage = Outage(services)
    notifier = TriggerNotifier(after=3, on_send=lambda: setattr(outage, "down", True))
    services.add_notifier(notifier)
    owed = register(services, 2)  # 10 nudges, all due after 10s
    clock.advance(timedelta(seconds=11))
    stats = await services.dispatcher.run_due()
    assert stats.halted
    assert len(notifier.deliveries) == 3, "sends went on after the database failed"
    assert services.dispatcher.unrecorded == 1
    with pytest.raises(Exception, match="still cannot record"):
        await services.dispatcher.run_due()  # still down: nothing new is claimed or sent
    assert len(notifier.deliveries) == 3

    outage.down = False
    stats = await services.dispatcher.run_due()
    assert services.dispatcher.unrecorded == 0
    # The release failed during the outage, so the unsent claims wait out their lease.
    clock.advance(timedelta(seconds=ONE_AT_A_TIME.lease_seconds + 1))
    stats = await services.dispatcher.run_due()
    assert sorted(notifier.counts()) == sorted(owed)
    assert set(notifier.counts().values()) == {1}, "a nudge was sent twice"
    assert {state for state, _, _ in states(services).values()} == {"sent"}


async def test_after_a_brief_failure_the_unsent_claims_are_released_at_once(
    services: Services, clock: Clock
) -> None:
    outage = Outage(services)

    def one_failure() -> None:
        outage.failures_left = 1
        outage.down = True

    notifier = TriggerNotifier(after=2, on_send=one_failure)
    services.add_notifier(notifier)
    owed = register(services, 2)
    clock.advance(timedelta(seconds=11))
    stats = await services.dispatcher.run_due()
    assert stats.halted
    assert stats.released == len(owed) - 2
    rows = states(services)
    released = [rows[i] for i in owed if rows[i][0] == "pending"]
    assert len(released) == len(owed) - 2
    assert all(attempts == 0 and not leased for _, attempts, leased in released)

    await services.dispatcher.run_due()  # records the second send, then sends the rest
    assert sorted(notifier.counts()) == sorted(owed)
    assert set(notifier.counts().values()) == {1}
    assert {state for state, _, _ in states(services).values()} == {"sent"}


async def test_a_frozen_dispatcher_that_resumes_sends_nothing_taken_over(
    db_url: str, clock: Clock
) -> None:
    frozen = build_services(db_url, clock=clock, delivery=ONE_AT_A_TIME)
    other = build_services(db_url, clock=clock, delivery=ONE_AT_A_TIME)
    try:
        stuck = GateNotifier()
        frozen.add_notifier(stuck)
        healthy = RecordingNotifier()
        other.add_notifier(healthy)
        owed = register(frozen, 1)  # 5 nudges
        clock.advance(timedelta(seconds=11))
        run = asyncio.create_task(frozen.dispatcher.run_due())
        await stuck.started.wait()  # claimed all five, then froze inside the first send
        clock.advance(timedelta(seconds=ONE_AT_A_TIME.lease_seconds + 1))
        await other.dispatcher.run_due()  # the lease ran out: the other replica takes over
        assert sorted(healthy.counts()) == sorted(owed)
        stuck.gate.set()
        stats = await run
        # Only the send already in flight at the freeze reaches the platform twice.
        assert len(stuck.deliveries) == 1
        assert stats.lost_lease == len(owed)
        assert {state for state, _, _ in states(other).values()} == {"sent"}
    finally:
        frozen.close()
        other.close()


async def test_a_graceful_stop_finishes_the_send_in_flight_and_releases_the_rest(
    services: Services, clock: Clock
) -> None:
    notifier = GateNotifier()
    services.add_notifier(notifier)
    owed = register(services, 1)
    clock.advance(timedelta(seconds=11))
    await services.start()
    await notifier.started.wait()
    stopping = asyncio.create_task(services.stop())
    await asyncio.sleep(0)
    notifier.gate.set()
    await stopping
    rows = states(services)
    assert len(notifier.deliveries) == 1
    sent = notifier.deliveries[0].nudge_id
    assert rows[sent] == ("sent", 1, False)
    assert all(rows[i] == ("pending", 0, False) for i in owed if i != sent)


async def test_a_replica_whose_clock_runs_ahead_neither_sends_early_nor_skips(
    db_url: str,
) -> None:
    services = build_services(db_url, delivery=ONE_AT_A_TIME)  # the database's clock
    try:
        notifier = RecordingNotifier()
        services.add_notifier(notifier)
        owed = register(services, 2, at_offset=timedelta(seconds=60))  # due in 62-70s
        with time_machine.travel(timedelta(minutes=5), tick=True):
            stats = await services.dispatcher.run_due()
            due = services.dispatcher.next_due()
        assert stats.claimed == 0
        assert notifier.deliveries == []
        assert {rows[0] for rows in states(services).values()} == {"pending"}
        assert len(owed) == 10
        assert due is not None
    finally:
        services.close()


async def test_a_replica_whose_clock_runs_ahead_does_not_take_over_a_live_lease(
    db_url: str,
) -> None:
    services = build_services(db_url, delivery=ONE_AT_A_TIME)
    try:
        services.add_notifier(RecordingNotifier())
        register(services, 1, at_offset=timedelta(seconds=-20))  # all five due now
        held = queue.claim_due(
            services.sessions, platforms={"console"}, lease=timedelta(seconds=60), limit=10
        )
        assert len(held) == 5
        with time_machine.travel(timedelta(minutes=5), tick=True):
            stats = await services.dispatcher.run_due()
        assert stats.claimed == 0
        assert all(queue.fence(services.sessions, c, lease=timedelta(seconds=60)) for c in held)
    finally:
        services.close()
