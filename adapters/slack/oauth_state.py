"""The OAuth ``state`` parameter, kept in the core's database so any replica can check it.

bolt issues a random state when a user starts an install and consumes it when Slack redirects
back; a state that is unknown, reused or older than its lifetime is refused (CSRF protection).
Anyone may open the install page, so each new state first clears away the expired ones:
the rows left are at most one lifetime's worth of visits.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from datetime import timedelta
from typing import Any

from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.core.ports import PlatformState

PLATFORM = "slack"

log = logging.getLogger(__name__)


class PlatformOAuthStateStore(AsyncOAuthStateStore):
    """One-time OAuth states with an expiry, over `PlatformState`."""

    def __init__(self, state: PlatformState, expiration_seconds: int = 600) -> None:
        self.state = state
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        await asyncio.to_thread(
            self.state.prune_installations,
            PLATFORM,
            _key(""),
            timedelta(seconds=max(self.expiration_seconds, 0)),
        )
        value = secrets.token_urlsafe(24)
        record = {"expires_at": time.time() + self.expiration_seconds}
        await asyncio.to_thread(self.state.save_installation, PLATFORM, _key(value), record)
        return value

    async def async_consume(self, state: str) -> bool:
        key = _key(state)
        record = await asyncio.to_thread(self.state.load_installation, PLATFORM, key)
        if record is None:
            return False
        await asyncio.to_thread(self.state.delete_installation, PLATFORM, key)
        expires_at = record.get("expires_at")
        return isinstance(expires_at, int | float) and expires_at > time.time()


def _key(state: str) -> str:
    return f"oauth-state:{state}"
