"""Post replies to a request's ``response_url`` over one shared HTTP session.

This is what bolt's ``respond()`` does, minus opening a new connection pool for every reply:
under load that setup cost competed with the acks Slack is waiting for. The session is the
runtime's (given, and closed by it), or one of its own opened on the first reply.

The post is made here rather than through slack_sdk's webhook client: that client, built
anew for each reply, looked up the user agent and the proxy settings, copied the payload and
the headers and encoded the JSON as text again, which under a flood of commands cost about a
quarter of the adapter's CPU. What goes out is the same: the JSON payload (top-level None
values left out), its content type and slack_sdk's user agent, through the proxy named in the
environment if any, tried once more after a dropped connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env
from slack_sdk.web.internal_utils import get_user_agent

log = logging.getLogger(__name__)

RETRIED = (aiohttp.ServerConnectionError, aiohttp.ClientOSError)
"""A dropped or reset connection (a kept-alive one Slack closed): worth one more try."""
RETRY_AFTER = 0.5
"""Seconds before that try (slack_sdk's first back-off step)."""


class ResponseUrlSender:
    def __init__(self, timeout: float = 10.0, session: aiohttp.ClientSession | None = None):
        self.timeout = timeout
        self._given = session
        self._session: aiohttp.ClientSession | None = None
        self._headers = {
            "Content-Type": "application/json;charset=utf-8",
            "User-Agent": get_user_agent(),
        }
        self._proxy = load_http_proxy_from_env()
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, url: str, payload: dict[str, Any]) -> bool:
        """POST `payload` to `url`; False (logged) when Slack did not take it."""
        session = self._given
        if session is None or session.closed:
            if self._session is None or self._session.closed:
                self._session = aiohttp.ClientSession()
            session = self._session
        body = json.dumps({k: v for k, v in payload.items() if v is not None}).encode()
        try:
            status = await self._post(session, url, body)
        except RETRIED:
            await asyncio.sleep(RETRY_AFTER)
            status = await self._post(session, url, body)
        if status != 200:
            log.warning("response_url refused a reply: HTTP %s", status)
            return False
        return True

    async def _post(self, session: aiohttp.ClientSession, url: str, body: bytes) -> int:
        async with session.post(
            url, data=body, headers=self._headers, proxy=self._proxy, timeout=self._timeout
        ) as response:
            await response.read()  # the connection goes back to the pool
            return response.status

    async def close(self) -> None:
        """Close the session of its own, if it opened one (a given one is its owner's)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
