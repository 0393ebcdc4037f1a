"""The dispatcher on a real SQLite file with the seconds plan: what is due is sent once, late
within grace with an apology, past grace skipped, failures retried then given up, unreachable
people held, crashed claims recovered, quiet hours waited out, and batches sized to the lease."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.core.messages import Button, Identity, Menu, Request
from bot.core.ports import RecipientUnreachable, TransientDeliveryError
from bot.db import queue
from bot.db.models import Nudge, Unreachable, User
from bot.interviews.service import NewInterview
from bot.nudges.calendar import next_allowed
from bot.nudges.stats import DispatchStats
from bot.services import Services
from tests.nudge_support import (
    FAST,
    SHIPPED_PLAN,
    Clock,
    RecordingNotifier,
    always_on,
    build_services,
    nudge_row,
    user,
)

ON_THE_SHIPPED_PLAN = pytest.mark.parametrize("plan_path", [SHIPPED_PLAN], ids=["shipped-plan"])
"""For grace and lateness in real hours: the shipped plan instead of the seconds one."""


@pytest.fixture
def notifier(services: Services) -> RecordingNotifier:
    """A console notifier on `services` that records every send."""
    return listening(services)


@pytest.fixture
def ids(services: Services) -> list[int]:
    """Ada's nudges for one interview at Acme: on the seconds plan the first is due after 2s,
    the second after 4s."""
    return register(services, user())


def listening(services: Services, platform: str = "console") -> RecordingNotifier:
    recording = RecordingNotifier(platform)
    services.add_notifier(recording)
    return recording


def register(services: Services, who: Identity, company: str = "Acme") -> list[int]:
    always_on(services, who)
    view = services.tracker.register(who, NewInterview(company, services.tracker.now()))
    return [n.id for n in view.upcoming]


async def run_after(services: Services, clock: Clock, delta: timedelta) -> DispatchStats:
    """Move the clock on by `delta`, then run one dispatch pass."""
    clock.advance(delta)
    return await services.dispatcher.run_due()


async def test_due_nudges_are_sent_once_with_their_controls(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    assert (await services.dispatcher.run_due()).sent == 0  # nothing due yet
    # thank_you (2s) and references (4s) are due
    assert (await run_after(services, clock, timedelta(seconds=5))).sent == 2
    assert notifier.counts() == {ids[0]: 1, ids[1]: 1}
    # Sends run concurrently, so the order they land in is not the plan's order.
    [first] = [d for d in notifier.deliveries if d.nudge_id == ids[0]]
    assert first.recipient == user()
    assert first.key == nudge_row(services, ids[0]).delivery_key
    assert len(first.key) <= 25
    assert first.reply.text == "Send your thank-you note — Acme"
    assert "Sorry this is late" not in first.reply.plain()
    kinds = {c.action_id for c in first.reply.controls if isinstance(c, Button | Menu)}
    assert kinds == {"nudge.done", "nudge.snooze", "nudge.stop"}
    assert nudge_row(services, ids[0]).state == "sent"
    assert nudge_row(services, ids[0]).sent_at == clock.now
    assert (await services.dispatcher.run_due()).sent == 0
    assert services.dispatcher.next_due() == clock.now - timedelta(seconds=5) + timedelta(seconds=6)


async def test_only_platforms_with_a_notifier_are_claimed(services: Services, clock: Clock) -> None:
    listening(services, "slack")
    register(services, user(platform="discord"))
    assert (await run_after(services, clock, timedelta(seconds=30))).claimed == 0
    assert services.dispatcher.next_due() is None


@ON_THE_SHIPPED_PLAN
async def test_a_late_nudge_within_grace_is_sent_with_an_apology(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    # thank_you was due after 3h; grace is 20h
    stats = await run_after(services, clock, timedelta(hours=3 + 5))
    assert (stats.sent, stats.late) == (1, 1)
    assert notifier.deliveries[0].nudge_id == ids[0]
    assert "Sorry this is late: I was offline for about 5 hours." in (
        notifier.deliveries[0].reply.plain()
    )
    assert "late" in (nudge_row(services, ids[0]).note or "")


@ON_THE_SHIPPED_PLAN
async def test_a_nudge_past_its_grace_is_skipped_with_a_note(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    stats = await run_after(services, clock, timedelta(hours=3 + 21))
    assert (stats.skipped, stats.sent) == (1, 1)
    skipped = nudge_row(services, ids[0])
    assert skipped.state == "skipped"
    assert "past its grace of 20h" in (skipped.note or "")
    assert ids[0] not in notifier.counts()


async def test_transient_failures_retry_with_backoff_then_fail(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    notifier.failures[ids[0]] = [
        TransientDeliveryError("HTTP 502"),
        TransientDeliveryError("rate limited", retry_after=7.5),
        TransientDeliveryError("HTTP 503"),
    ]
    assert (await run_after(services, clock, timedelta(seconds=2))).retried == 1
    row = nudge_row(services, ids[0])
    assert (row.state, row.last_error) == ("pending", "HTTP 502")
    assert row.due_at == clock.now + timedelta(seconds=1)  # backoff 1s after attempt 1
    assert (await run_after(services, clock, timedelta(seconds=1))).retried == 1
    assert nudge_row(services, ids[0]).due_at == clock.now + timedelta(seconds=7.5)  # retry_after
    assert (await run_after(services, clock, timedelta(seconds=8))).failed == 1
    failed = nudge_row(services, ids[0])
    assert (failed.state, failed.attempts) == ("failed", 3)
    assert "gave up after 3 attempts: HTTP 503" in (failed.last_error or "")
    assert ids[0] not in notifier.counts()


@pytest.mark.parametrize(
    ("error", "kept"),
    [
        (TransientDeliveryError("HTTP 502"), "HTTP 502"),
        (TransientDeliveryError(""), "transient error"),
        (RuntimeError("adapter bug"), "RuntimeError: adapter bug"),  # a notifier bug
    ],
    ids=["transient", "transient-unexplained", "notifier-bug"],
)
async def test_a_failed_send_is_retried_and_keeps_why_it_failed(
    services: Services,
    clock: Clock,
    notifier: RecordingNotifier,
    ids: list[int],
    error: Exception,
    kept: str,
) -> None:
    notifier.failures[ids[0]] = [error]  # type: ignore[list-item]
    assert (await run_after(services, clock, timedelta(seconds=2))).retried == 1
    row = nudge_row(services, ids[0])
    assert (row.state, row.last_error) == ("pending", kept)


async def test_a_transient_failure_that_clears_is_delivered_once(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    notifier.failures[ids[0]] = [TransientDeliveryError("timeout")]
    await run_after(services, clock, timedelta(seconds=2))
    await run_after(services, clock, timedelta(seconds=1))
    assert notifier.counts()[ids[0]] == 1
    assert nudge_row(services, ids[0]).state == "sent"


async def test_an_unreachable_user_is_marked_held_and_told_then_retried(
    services: Services, clock: Clock, notifier: RecordingNotifier
) -> None:
    ada = register(services, user("ada"))
    bob = register(services, user("bob"))
    notifier.failures[ada[0]] = [RecipientUnreachable("Cannot send messages to this user")]
    stats = await run_after(services, clock, timedelta(seconds=2))
    assert stats.unreachable == 1
    assert notifier.counts() == {bob[0]: 1}
    held = nudge_row(services, ada[0])
    assert held.state == "pending"
    assert "unreachable" in (held.last_error or "")
    # ada's references nudge is due too, but she is held
    await run_after(services, clock, timedelta(seconds=3))
    assert set(notifier.counts()) == {bob[0], bob[1]}
    reply = services.coach.handle(Request(who=user("ada"), text="list"))
    assert "I couldn't DM you" in reply.plain()
    with services.sessions() as session:
        assert session.scalar(select(Unreachable)) is None
    await services.dispatcher.run_due()
    assert notifier.counts()[ada[0]] == 1
    assert notifier.counts()[ada[1]] == 1


async def test_a_crash_mid_send_is_recovered_when_the_lease_expires(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    clock.advance(timedelta(seconds=2))
    # A dispatcher claims the nudge and dies before sending or recording anything.
    crashed = queue.claim_due(
        services.sessions,
        now=clock.now,
        platforms={"console"},
        lease=timedelta(seconds=5),
        limit=10,
    )
    assert [c.nudge_id for c in crashed] == [ids[0]]
    assert (await services.dispatcher.run_due()).sent == 0  # still leased
    assert services.dispatcher.next_due() == clock.now + timedelta(seconds=2)  # references
    # lease gone; still within the 20s grace
    await run_after(services, clock, timedelta(seconds=6))
    assert notifier.counts()[ids[0]] == 1
    # The crashed claim cannot record over the new one.
    assert not queue.mark_failed(services.sessions, crashed[0], error="late writer")
    assert nudge_row(services, ids[0]).state == "sent"


async def test_a_due_nudge_in_quiet_hours_waits_for_them_to_end(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    with services.sessions.begin() as session:  # quiet hours begin while the nudge is owed
        session.execute(
            update(User).values(quiet_off=False, quiet_start="11:00", quiet_end="13:00")
        )
    stats = await run_after(services, clock, timedelta(seconds=2))
    assert stats.deferred >= 1
    assert stats.sent == 0
    prefs = services.tracker.preferences(user())
    assert nudge_row(services, ids[0]).due_at == next_allowed(clock.now, prefs)
    assert nudge_row(services, ids[0]).attempts == 0
    assert notifier.deliveries == []


async def test_a_step_missing_from_the_plan_is_skipped(
    services: Services, clock: Clock, notifier: RecordingNotifier, ids: list[int]
) -> None:
    with services.sessions.begin() as session:
        session.execute(update(Nudge).where(Nudge.id == ids[0]).values(step_id="retired_step"))
    assert (await run_after(services, clock, timedelta(seconds=2))).skipped == 1
    assert "no longer has a step" in (nudge_row(services, ids[0]).note or "")
    assert ids[0] not in notifier.counts()


async def _two_dispatchers_race(url: str) -> None:
    clock = Clock()
    first = build_services(url, clock=clock)
    second = build_services(url, clock=clock)
    try:
        notifiers = [RecordingNotifier(), RecordingNotifier()]
        for services, notifier in zip((first, second), notifiers, strict=True):
            notifier.delay = 0.001
            services.add_notifier(notifier)
        owed: list[int] = []
        shared = False
        for race in range(3):  # how the two interleave is up to the scheduler: race again
            batch: list[int] = []
            for i in range(40):
                batch += register(first, user(f"u{race}-{i}"), company=f"Company {i}")
            owed += batch
            clock.advance(timedelta(seconds=12))  # all 200 due (2s..10s), all within grace
            stats = await asyncio.gather(first.dispatcher.run_due(), second.dispatcher.run_due())
            total = notifiers[0].counts() + notifiers[1].counts()
            assert sorted(total) == sorted(owed)
            assert set(total.values()) == {1}, "a nudge was sent twice"
            assert stats[0].sent + stats[1].sent == len(batch) == 200
            shared = min(stats[0].sent, stats[1].sent) > 0
            if shared:
                break
        assert shared, "in three races one dispatcher took every nudge: nothing was contended"
    finally:
        first.close()
        second.close()


@pytest.mark.postgres
async def test_two_dispatchers_on_one_postgres_database_never_send_a_nudge_twice(
    pg_url: str,
) -> None:
    await _two_dispatchers_race(pg_url)


async def test_two_dispatchers_on_one_sqlite_file_never_send_a_nudge_twice(
    sqlite_url: str,
) -> None:
    await _two_dispatchers_race(sqlite_url)


async def test_a_send_that_hangs_gives_up_before_its_lease_and_is_retried(
    sqlite_url: str, clock: Clock
) -> None:
    short_lease = dataclasses.replace(FAST, lease_seconds=0.2)
    services = build_services(sqlite_url, clock=clock, delivery=short_lease)
    try:
        listening(services).delay = 5.0
        ids = register(services, user())
        assert (await run_after(services, clock, timedelta(seconds=2))).retried == 1
        row = nudge_row(services, ids[0])
        assert row.state == "pending"
        assert "no answer within" in (row.last_error or "")
    finally:
        services.close()


def test_a_batch_is_never_more_than_the_rate_allows_within_a_quarter_lease(
    sqlite_url: str,
) -> None:
    slow = dataclasses.replace(FAST, send_rate=2.0, lease_seconds=60.0, batch_size=100)
    services = build_services(sqlite_url, delivery=slow)
    try:
        assert services.dispatcher.batch_size == 30
        services.add_notifier(RecordingNotifier("console"))
        assert services.dispatcher.batch_size == 30
        per_platform = dataclasses.replace(slow, platform_rates=(("slack", 1.0),))
        limited = build_services(sqlite_url, delivery=per_platform)
        limited.add_notifier(RecordingNotifier("slack"))
        assert limited.dispatcher.batch_size == 15  # the slowest platform decides
        limited.close()
        fast = build_services(sqlite_url)
        assert fast.dispatcher.batch_size == FAST.batch_size
        fast.close()
    finally:
        services.close()
