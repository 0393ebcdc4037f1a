"""Remember each user's Slack timezone so "yesterday 3pm" means their 3pm.

Slack knows every user's timezone (``users.info``); asking once and caching keeps the call off
the path of later commands. Failures (a missing scope, a network error) cache "unknown" for a
while so they do not slow every request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class UserTimezones:
    """A small time-limited cache of IANA timezone names per (workspace, user)."""

    def __init__(self, ttl: float = 6 * 3600, failure_ttl: float = 600, timeout: float = 1.0):
        self.ttl = ttl
        self.failure_ttl = failure_ttl
        self.timeout = timeout
        self._cache: dict[tuple[str, str], tuple[str | None, float]] = {}

    async def get(self, client: AsyncWebClient, workspace: str, user: str) -> str | None:
        """The user's timezone name, or None when Slack does not tell us."""
        key = (workspace, user)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        tz: str | None = None
        ttl = self.failure_ttl
        try:
            response = await asyncio.wait_for(client.users_info(user=user), self.timeout)
            profile: Any = response.get("user") or {}
            found = profile.get("tz")
            if isinstance(found, str) and found:
                tz, ttl = found, self.ttl
        except (SlackApiError, ClientError, OSError, TimeoutError) as error:
            log.info("no timezone for a Slack user: %s", type(error).__name__)
        self._cache[key] = (tz, now + ttl)
        return tz
