"""OAuth state values are one-time and expire, shared through PlatformState."""

from __future__ import annotations

from adapters.slack.oauth_state import PlatformOAuthStateStore
from bot.db.platform_state import SqlPlatformState


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
