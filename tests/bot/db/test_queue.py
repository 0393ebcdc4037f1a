from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import queue
from bot.interviews.service import NewInterview
from tests.nudge_support import Clock, always_on, build_services, user


def test_claims_are_exclusive_ordered_and_leased(sqlite_url: str) -> None:
    clock = Clock()
    services = build_services(sqlite_url, clock=clock)
    try:
        always_on(services, user())
        view = services.tracker.register(user(), NewInterview("Acme", clock.now))
        clock.advance(timedelta(seconds=11))
        lease = timedelta(seconds=5)
        first = queue.claim_due(
            services.sessions, now=clock.now, platforms={"console"}, lease=lease, limit=2
        )
        rest = queue.claim_due(
            services.sessions, now=clock.now, platforms={"console"}, lease=lease, limit=10
        )
        assert [c.nudge_id for c in first] == [n.id for n in view.upcoming[:2]]
        assert [c.nudge_id for c in first + rest] == [n.id for n in view.upcoming]
        assert all(c.attempts == 1 and c.lease_until == clock.now + lease for c in first)
        assert first[0].recipient == user()
        assert first[0].company == "Acme"
        none = queue.claim_due(
            services.sessions, now=clock.now, platforms={"console"}, lease=lease, limit=10
        )
        assert none == []
        assert queue.next_due(services.sessions, platforms={"console"}) == clock.now + lease
        assert queue.mark_sent(services.sessions, first[0], now=clock.now, note=None)
        assert not queue.mark_sent(services.sessions, first[0], now=clock.now, note=None)
        assert (
            queue.claim_due(
                services.sessions, now=clock.now, platforms=set(), lease=lease, limit=10
            )
            == []
        )
        assert queue.next_due(services.sessions, platforms=()) is None
    finally:
        services.close()


def test_an_aware_due_time_round_trips_in_utc(sqlite_url: str) -> None:
    services = build_services(sqlite_url)
    try:
        at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night Paris moves to summer time
        view = services.tracker.register(user(), NewInterview("Acme", at))
        stored = services.tracker.interview(user(), view.id)
        assert stored is not None
        assert stored.at == at
        assert stored.at.tzinfo is UTC
    finally:
        services.close()
