"""The in-memory index of unreachable users, over a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Identity
from bot.db import users
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Unreachable
from bot.nudges.unreachable import UnreachableIndex

ADA = Identity("discord", "discord", "1001")
BOB = Identity("discord", "discord", "1002")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    return make_sessions(engine)


def mark(sessions: sessionmaker[Session], who: Identity) -> None:
    with sessions.begin() as session:
        user = users.find_or_create(session, who, timezone=None, now=NOW)
        session.add(Unreachable(user_id=user.id, since=NOW, reason="DMs closed"))


def test_nobody_marked_means_nobody_unreachable(sessions: sessionmaker[Session]) -> None:
    assert not UnreachableIndex(sessions).might_be_unreachable(ADA)


def test_a_mark_is_seen_after_invalidate(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    index = UnreachableIndex(sessions, ttl=10, monotonic=clock)
    assert not index.might_be_unreachable(ADA)
    mark(sessions, ADA)
    index.invalidate()
    assert index.might_be_unreachable(ADA)
    assert not index.might_be_unreachable(BOB)


def test_a_mark_from_elsewhere_is_seen_within_the_ttl(sessions: sessionmaker[Session]) -> None:
    clock = Clock()
    index = UnreachableIndex(sessions, ttl=10, monotonic=clock)
    assert not index.might_be_unreachable(ADA)
    mark(sessions, ADA)  # another replica wrote it; this process was not told
    clock.now = 5
    assert not index.might_be_unreachable(ADA)  # still the cached answer
    clock.now = 10.5
    assert index.might_be_unreachable(ADA)


def test_known_reachable_only_while_the_loaded_marks_are_current(
    sessions: sessionmaker[Session],
) -> None:
    clock = Clock()
    index = UnreachableIndex(sessions, ttl=10, monotonic=clock)
    assert not index.known_reachable(BOB)  # nothing loaded yet: a query is needed
    mark(sessions, ADA)
    assert index.might_be_unreachable(ADA)  # loads
    assert index.known_reachable(BOB)
    assert not index.known_reachable(ADA)
    clock.now = 10.5
    assert not index.known_reachable(BOB)  # stale: the next request reloads
    index.might_be_unreachable(BOB)
    assert index.known_reachable(BOB)
    index.invalidate()
    assert not index.known_reachable(BOB)


def test_a_waiting_notice_is_known_from_memory_while_current(
    sessions: sessionmaker[Session],
) -> None:
    clock = Clock()
    index = UnreachableIndex(sessions, ttl=10, monotonic=clock)
    assert not index.known_without_notice(ADA)  # nothing loaded yet
    mark(sessions, BOB)
    with sessions.begin() as session:
        user = users.find_or_create(session, ADA, timezone=None, now=NOW)
        user.notice = "Your nudge came on Slack."
    assert index.might_have_notice(ADA)
    assert not index.might_have_notice(BOB)
    assert index.known_without_notice(BOB)
    assert not index.known_without_notice(ADA)
    clock.now = 10.5
    assert not index.known_without_notice(BOB)  # stale: the next request reloads
