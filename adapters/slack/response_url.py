"""Post replies to a request's ``response_url`` over one shared HTTP session.

This is what bolt's ``respond()`` does, minus opening a new connection pool for every reply:
under load that setup cost competed with the acks Slack is waiting for. The session is the
runtime's (given, and closed by it), or one of its own opened on the first reply.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

log = logging.getLogger(__name__)


class ResponseUrlSender:
    def __init__(self, timeout: float = 10.0, session: aiohttp.ClientSession | None = None):
        self.timeout = timeout
        self._given = session
        self._session: aiohttp.ClientSession | None = None

    async def send(self, url: str, payload: dict[str, Any]) -> bool:
        """POST `payload` to `url`; False (logged) when Slack did not take it."""
        session = self._given
        if session is None:
            if self._session is None or self._session.closed:
                self._session = aiohttp.ClientSession()
            session = self._session
        client = AsyncWebhookClient(url, timeout=int(self.timeout), session=session)
        response = await client.send_dict(payload)
        if response.status_code != 200:
            log.warning("response_url refused a reply: HTTP %s", response.status_code)
            return False
        return True

    async def close(self) -> None:
        """Close the session of its own, if it opened one (a given one is its owner's)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
