from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.messages import Request
from bot.interviews.service import NewInterview
from bot.nudges.report import nudges_report
from bot.review import checkfile
from bot.services import Services
from tests import paths
from tests.nudge_support import Clock, RecordingNotifier, always_on, build_services, user


async def _until(condition: Callable[[], bool]) -> None:
    """Wait (polling the real clock, at most 20 s) until `condition()` is true."""
    async with asyncio.timeout(20):
        for _ in iter(condition, True):
            await asyncio.sleep(0.05)


def _delivered(notifier: RecordingNotifier, nudge_id: int) -> bool:
    return nudge_id in notifier.counts()


def _states(url: str) -> set[str]:
    services = build_services(url)
    try:
        return {row["state"] for row in nudges_report(services, user=None)}
    finally:
        services.close()


async def test_build_installs_the_interview_commands(sqlite_url: str) -> None:
    services = build_services(sqlite_url)
    try:
        names = services.coach.command_names()
        assert {"interviewed", "list", "snooze", "outcome", "settings", "forget-me"} <= names
        reply = services.coach.handle(Request(who=user(), text="interviewed Acme today 9am"))
        assert reply.text.startswith("Got it: Acme")
        assert services.state.first_sighting("slack", "Ev1")
        assert not services.state.first_sighting("slack", "Ev1")
    finally:
        services.close()


async def test_timers_deliver_a_seconds_plan_as_it_comes_due(sqlite_url: str) -> None:
    # A hand-moved clock far from the real one: each pass below is one this test asked for.
    clock = Clock(now=datetime(2099, 1, 5, 12, 0, tzinfo=UTC))
    services = build_services(sqlite_url, clock=clock)
    notifier = RecordingNotifier()
    services.add_notifier(notifier)
    await services.start()
    try:
        always_on(services, user())
        view = await asyncio.to_thread(
            services.tracker.register, user(), NewInterview("Acme", clock.now)
        )
        first, second = view.upcoming[0], view.upcoming[1]
        scheduler = services.scheduler
        assert scheduler is not None
        await _until(lambda: scheduler.timer_at == first.due_at)  # set from the registration
        assert not notifier.deliveries  # nothing is due before its time
        clock.now = first.due_at
        scheduler.wake_now()
        await _until(partial(_delivered, notifier, first.id))
        # The next step is still ahead, with a wake-up set no later than it.
        assert scheduler.timer_at is not None
        assert scheduler.timer_at <= second.due_at
        assert len(notifier.deliveries) == 1
    finally:
        await services.stop()
        services.close()


async def test_a_restart_sends_overdue_nudges_and_rebuilds_timers_for_pending_ones(
    db_url: str,
) -> None:
    # A clock far ahead of the real one, moved by hand: no timer fires by itself, so every
    # pass below is one this test asked for, however slow the machine is.
    clock = Clock(now=datetime(2099, 1, 5, 12, 0, tzinfo=UTC))
    first_run = build_services(db_url, clock=clock)
    always_on(first_run, user())
    # The interview was 5 s ago: thank_you (2 s) and references (4 s) came due meanwhile.
    view = first_run.tracker.register(
        user(), NewInterview("Acme", clock.now - timedelta(seconds=5))
    )
    await first_run.start()
    await first_run.stop()  # no notifier: nothing could be sent
    first_run.close()
    assert _states(db_url) == {"pending"}

    clock.advance(timedelta(milliseconds=500))
    overdue = [n for n in view.upcoming if n.due_at <= clock.now]
    later = [n for n in view.upcoming if n.due_at > clock.now]
    assert [n.step_id for n in overdue] == ["thank_you", "references"]
    second_run = build_services(db_url, clock=clock)
    notifier = RecordingNotifier()
    second_run.add_notifier(notifier)
    await second_run.start()
    try:
        await _until(lambda: len(notifier.deliveries) == len(overdue))
        assert {d.nudge_id for d in notifier.deliveries} == {n.id for n in overdue}
        # The rest is still owed, with a timer set from the table for the next one.
        scheduler = second_run.scheduler
        assert scheduler is not None
        await _until(lambda: scheduler.timer_at == later[0].due_at)
        for nudge in later:  # each comes due in turn: the timer's pass sends exactly it
            clock.now = nudge.due_at
            scheduler.wake_now()
            await _until(partial(_delivered, notifier, nudge.id))
        assert set(notifier.counts().values()) == {1}
        assert len(notifier.deliveries) == len(view.upcoming)
    finally:
        await second_run.stop()
        second_run.close()
    assert _states(db_url) == {"sent"}


@pytest.mark.postgres
async def test_services_run_on_postgres(pg_url: str) -> None:
    services = build_services(pg_url)
    notifier = RecordingNotifier()
    services.add_notifier(notifier)
    always_on(services, user())
    services.tracker.register(
        user(), NewInterview("Acme", datetime.now(UTC) - timedelta(seconds=3))
    )
    await services.start()
    try:
        await _until(lambda: len(notifier.deliveries) >= 1)
    finally:
        await services.stop()
        services.close()


def test_the_advisor_and_the_reviewer_share_one_load_of_the_review_checks(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read `rules/review/` (the advisor for quoted messages): each file is read once."""
    rules = paths.copy_rules(tmp_path)
    read: list[str] = []
    original = checkfile._Reader.read

    def counting(reader: Any, path: Path) -> None:
        read.append(path.name)
        original(reader, path)

    monkeypatch.setattr(checkfile._Reader, "read", counting)
    env = {"AFTERVIEW_DATABASE_URL": sqlite_url, "AFTERVIEW_RULES": str(rules)}
    services = Services.build(Settings.from_env(env))
    try:
        assert sorted(read) == sorted(p.name for p in (rules / "review").glob("*.yaml"))
    finally:
        services.close()
