"""OAuth state values are one-time and expire, shared through PlatformState."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from adapters.slack.oauth_state import PlatformOAuthStateStore
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Installation
from bot.db.platform_state import SqlPlatformState
from tests.nudge_support import Clock


async def test_issued_state_is_accepted_once(platform_state: SqlPlatformState) -> None:
    store = PlatformOAuthStateStore(platform_state)
    state = await store.async_issue()
    assert len(state) >= 24
    assert await store.async_consume(state) is True
    assert await store.async_consume(state) is False


async def test_unknown_state_is_refused(platform_state: SqlPlatformState) -> None:
    assert await PlatformOAuthStateStore(platform_state).async_consume("forged") is False


async def test_expired_state_is_refused(platform_state: SqlPlatformState) -> None:
    store = PlatformOAuthStateStore(platform_state, expiration_seconds=-1)
    state = await store.async_issue()
    assert await store.async_consume(state) is False


async def test_another_replica_can_consume_the_state(platform_state: SqlPlatformState) -> None:
    issued = await PlatformOAuthStateStore(platform_state).async_issue()
    assert await PlatformOAuthStateStore(platform_state).async_consume(issued) is True


async def test_expired_states_are_cleared_when_a_new_one_is_issued(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'state.db'}")
    upgrade(engine)
    clock = Clock()
    state = SqlPlatformState(make_sessions(engine), clock=clock)
    try:
        store = PlatformOAuthStateStore(state, expiration_seconds=600)
        stale = [await store.async_issue() for _ in range(300)]  # visits to /slack/install
        clock.advance(timedelta(seconds=601))
        fresh = await store.async_issue()
        with make_sessions(engine)() as session:
            rows = session.scalars(select(Installation.key)).all()
        assert rows == [f"oauth-state:{fresh}"]
        assert await store.async_consume(stale[0]) is False
        assert await store.async_consume(fresh) is True
    finally:
        engine.dispose()
