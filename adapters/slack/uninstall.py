"""Uninstall clean-up: ``app_uninstalled`` and ``tokens_revoked`` remove a workspace's data.

After an uninstall its people can no longer reach us to run ``forget-me``, so the core's
`forget_workspace` deletes what they stored. In OAuth mode bolt's own revocation handling
(deleting the installation records) runs first; these listeners replace
``enable_token_revocation_listeners`` because bolt runs only the first matching listener.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.core.ports import WorkspaceEraser

PLATFORM = "slack"
Notice = Callable[[dict[str, Any], dict[str, Any]], Awaitable[None]]
"""Also told of each event (the handlers' log line)."""
log = logging.getLogger(__name__)


class UninstallListeners:
    def __init__(
        self,
        privacy: WorkspaceEraser | None,
        store: AsyncInstallationStore | None = None,
        *,
        notice: Notice | None = None,
    ) -> None:
        self._privacy = privacy
        self._notice = notice
        self._revocation = AsyncTokenRevocationListeners(store) if store is not None else None

    def register(self, app: AsyncApp) -> None:
        app.event("app_uninstalled")(self.on_app_uninstalled)
        app.event("tokens_revoked")(self.on_tokens_revoked)

    async def on_app_uninstalled(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if self._notice is not None:
            await self._notice(body, event)
        if self._revocation is not None:
            await self._revocation.handle_app_uninstalled_events(context)
        await self._forget(_team(body, context))

    async def on_tokens_revoked(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if self._notice is not None:
            await self._notice(body, event)
        if self._revocation is not None:
            await self._revocation.handle_tokens_revoked_events(event, context)
        if (event.get("tokens") or {}).get("bot"):  # the bot is gone from the workspace
            await self._forget(_team(body, context))

    async def _forget(self, team: str) -> None:
        if not team or self._privacy is None:
            return
        people = await asyncio.to_thread(self._privacy.forget_workspace, PLATFORM, team)
        log.info("Slack workspace removed the app: %d people's data deleted", people)


def _team(body: dict[str, Any], context: AsyncBoltContext) -> str:
    return str(context.team_id or body.get("team_id") or "")
