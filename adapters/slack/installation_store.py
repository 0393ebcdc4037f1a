"""Slack OAuth installations kept in the core's database through `PlatformState`.

bolt calls this store when a workspace installs the app and on every request to find that
workspace's bot token. Records are the JSON form of slack_sdk's `Installation` and `Bot`, so
several replicas behind a load balancer see the same installs. `PlatformState` is synchronous
(a local database), so calls run in a worker thread to keep the event loop free.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.token_cipher import TokenCipher
from bot.core.ports import PlatformState

PLATFORM = "slack"
LATEST = "latest"

log = logging.getLogger(__name__)


def _scope(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool) -> str:
    """Org-wide installs are keyed by enterprise alone: they serve every team of the org."""
    team = "-" if is_enterprise_install else team_id or "-"
    return f"{enterprise_id or '-'}:{team}"


class PlatformInstallationStore(AsyncInstallationStore):
    """bolt's installation store interface over the core's `PlatformState`."""

    def __init__(self, state: PlatformState, cipher: TokenCipher | None = None) -> None:
        self.state = state
        self.cipher = cipher or TokenCipher(None)

    @property
    def logger(self) -> logging.Logger:
        return log

    # -- saving -----------------------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        scope = _scope(
            installation.enterprise_id,
            installation.team_id,
            bool(installation.is_enterprise_install),
        )
        data = dict(vars(installation))
        await self._save(f"installation:{scope}:{LATEST}", data)
        if installation.user_id:
            await self._save(f"installation:{scope}:user:{installation.user_id}", data)
            users = await self._users(scope)
            if installation.user_id not in users:
                await self._save(
                    f"installation:{scope}:users", {"users": [*users, installation.user_id]}
                )
        if installation.bot_token:
            await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        scope = _scope(bot.enterprise_id, bot.team_id, bool(bot.is_enterprise_install))
        await self._save(f"bot:{scope}", dict(vars(bot)))

    # -- finding ----------------------------------------------------------------------------

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        scope = _scope(enterprise_id, team_id, bool(is_enterprise_install))
        data = await self._load(f"bot:{scope}")
        return Bot(**data) if data is not None else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        scope = _scope(enterprise_id, team_id, bool(is_enterprise_install))
        key = (
            f"installation:{scope}:user:{user_id}" if user_id else f"installation:{scope}:{LATEST}"
        )
        data = await self._load(key)
        return Installation(**data) if data is not None else None

    # -- deleting (uninstall, token revoked) --------------------------------------------------

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        for org_wide in (False, True):
            await self._delete(f"bot:{_scope(enterprise_id, team_id, org_wide)}")

    async def async_delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        for org_wide in (False, True):
            scope = _scope(enterprise_id, team_id, org_wide)
            if user_id:
                await self._delete(f"installation:{scope}:user:{user_id}")
                continue
            for user in await self._users(scope):
                await self._delete(f"installation:{scope}:user:{user}")
            await self._delete(f"installation:{scope}:users")
            await self._delete(f"installation:{scope}:{LATEST}")

    # -- the port, off the event loop -------------------------------------------------------

    async def _users(self, scope: str) -> list[str]:
        data = await self._load(f"installation:{scope}:users")
        users = data.get("users", []) if data else []
        return [str(u) for u in users]

    async def _save(self, key: str, data: dict[str, Any]) -> None:
        sealed = self.cipher.seal(data)
        await asyncio.to_thread(self.state.save_installation, PLATFORM, key, sealed)

    async def _load(self, key: str) -> dict[str, Any] | None:
        data = await asyncio.to_thread(self.state.load_installation, PLATFORM, key)
        return self.cipher.open(data) if data is not None else None

    async def _delete(self, key: str) -> None:
        await asyncio.to_thread(self.state.delete_installation, PLATFORM, key)
