"""Stored Slack tokens encrypted at rest with AFTERVIEW_SECRET_KEY (Fernet), off by default."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from adapters.slack.installation_store import PlatformInstallationStore
from adapters.slack.token_cipher import TokenCipher, TokenKeyError
from bot.db.models import Installation
from bot.db.platform_state import SqlPlatformState
from tests.adapters.slack.test_installation_store import install


def stored(state: SqlPlatformState) -> str:
    with state._sessions() as session:
        return "\n".join(session.scalars(select(Installation.data)))


async def test_with_a_key_no_token_is_stored_in_clear(platform_state: SqlPlatformState) -> None:
    key = Fernet.generate_key().decode()
    store = PlatformInstallationStore(platform_state, TokenCipher(key))
    await store.async_save(install(token="xoxb-secret-1"))
    assert "xoxb-secret-1" not in stored(platform_state)
    assert "fernet:" in stored(platform_state)
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None
    assert bot.bot_token == "xoxb-secret-1"

    wrong = PlatformInstallationStore(platform_state, TokenCipher(Fernet.generate_key().decode()))
    with pytest.raises(TokenKeyError, match="does not decrypt"):
        await wrong.async_find_bot(enterprise_id=None, team_id="T1")
    keyless = PlatformInstallationStore(platform_state)
    with pytest.raises(TokenKeyError, match="set AFTERVIEW_SECRET_KEY"):
        await keyless.async_find_bot(enterprise_id=None, team_id="T1")


async def test_without_a_key_tokens_are_stored_as_before_and_load_once_a_key_is_set(
    platform_state: SqlPlatformState,
) -> None:
    await PlatformInstallationStore(platform_state).async_save(install(token="xoxb-plain"))
    assert "xoxb-plain" in stored(platform_state)
    keyed = PlatformInstallationStore(platform_state, TokenCipher(Fernet.generate_key().decode()))
    bot = await keyed.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None
    assert bot.bot_token == "xoxb-plain"


def test_a_malformed_key_is_a_clear_error() -> None:
    with pytest.raises(TokenKeyError, match="not a Fernet key"):
        TokenCipher("not-a-key")
    assert not TokenCipher.from_env({}).enabled
