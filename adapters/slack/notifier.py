"""Deliver nudges to Slack users by direct message (the core's `Notifier` port).

A nudge goes to the DM between the bot and the user (``conversations.open`` then
``chat.postMessage``), never to a channel. Sends are paced, and a 429 is retried after its
``Retry-After`` by slack_sdk's rate-limit handler; what is left is mapped to the port's two
failures: `RecipientUnreachable` (do not retry) and `TransientDeliveryError` (try later).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientError, ClientSession
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import message
from bot.core.ports import Delivery, RecipientUnreachable, TransientDeliveryError
from bot.nudges.pacing import TokenBucket

PLATFORM = "slack"

TokenSource = Callable[[str], Awaitable[str | None]]
"""Workspace (team) id -> that workspace's bot token, or None when the app is not installed."""

UNREACHABLE_ERRORS = frozenset(
    {
        "account_inactive",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "user_not_visible",
        "channel_not_found",
        "cannot_dm_bot",
        "is_archived",
        "not_in_channel",
        "restricted_action",
        "messages_tab_disabled",
        "team_access_not_granted",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "no_permission",
        "ekm_access_denied",
        "team_not_found",
    }
)
"""Slack error codes after which sending again cannot succeed for this user."""

log = logging.getLogger(__name__)


def web_client(
    api_url: str,
    token: str | None = None,
    *,
    rate_limit_retries: int = 2,
    session: ClientSession | None = None,
) -> AsyncWebClient:
    """A Web API client for `api_url` that waits out 429s and retries dropped connections.

    Without `session`, slack_sdk opens a new aiohttp session (connector, connection, TLS
    handshake) for every call; with one, calls reuse its pooled connections."""
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        timeout=10,
        session=session,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ],
    )


class SlackNotifier:
    """Sends a `Delivery` as a DM; bound to a token source once the runtime has started."""

    def __init__(
        self, api_url: str, limiter: TokenBucket | None = None, rate_limit_retries: int = 2
    ) -> None:
        self.api_url = api_url
        self.rate_limit_retries = rate_limit_retries
        self.limiter = limiter
        """Paces the DMs (the runner always gives one); None sends unpaced (tests)."""
        self._tokens: TokenSource | None = None
        self._session: ClientSession | None = None
        self._clients: dict[str, AsyncWebClient] = {}
        self._dm_channels: dict[tuple[str, str], str] = {}

    @property
    def platform(self) -> str:
        return PLATFORM

    def bind(self, tokens: TokenSource, session: ClientSession | None = None) -> None:
        """Say where bot tokens come from (one fixed token, or the OAuth installations), and
        which HTTP session the DMs go through (the runtime's, closed by it)."""
        self._tokens = tokens
        if session is not self._session:
            self._session = session
            self._clients.clear()

    async def send(self, delivery: Delivery) -> None:
        who = delivery.recipient
        if who.platform != PLATFORM:
            raise RecipientUnreachable(f"not a Slack user (platform {who.platform!r})")
        if self._tokens is None:
            raise TransientDeliveryError("Slack is not connected yet", retry_after=5.0)
        try:
            token = await self._tokens(who.workspace)
        except (ClientError, OSError, TimeoutError) as error:
            raise TransientDeliveryError(f"token lookup failed: {error}") from error
        if token is None:
            raise RecipientUnreachable("the app is not installed in that workspace")
        client = self._client(token)
        if self.limiter is not None:
            await self.limiter.take()
        key = (who.workspace, who.user)
        try:
            channel = self._dm_channels.get(key) or await self._open_dm(client, who.user)
            self._dm_channels[key] = channel
            await client.chat_postMessage(
                channel=channel, unfurl_links=False, unfurl_media=False, **message(delivery.reply)
            )
        except SlackApiError as error:
            self._dm_channels.pop(key, None)
            raise classify(error) from error
        except (ClientError, OSError, TimeoutError) as error:
            raise TransientDeliveryError(f"Slack did not answer: {type(error).__name__}") from error

    async def _open_dm(self, client: AsyncWebClient, user: str) -> str:
        response = await client.conversations_open(users=user)
        opened: Any = response.get("channel") or {}
        channel = opened.get("id")
        if not isinstance(channel, str) or not channel:
            raise TransientDeliveryError("conversations.open returned no channel")
        return channel

    def _client(self, token: str) -> AsyncWebClient:
        client = self._clients.get(token)
        if client is None:
            client = web_client(
                self.api_url,
                token,
                rate_limit_retries=self.rate_limit_retries,
                session=self._session,
            )
            self._clients[token] = client
        return client


def classify(error: SlackApiError) -> RecipientUnreachable | TransientDeliveryError:
    """Map a Web API failure to the port's error, keeping Slack's error code in the message."""
    response = error.response
    code = str(response.get("error", "")) if isinstance(response.data, dict) else ""
    if response.status_code == 429:
        retry_after = _retry_after(response.headers)
        return TransientDeliveryError("Slack rate limit (429)", retry_after=retry_after)
    if code in UNREACHABLE_ERRORS:
        return RecipientUnreachable(f"Slack refused the DM: {code}")
    return TransientDeliveryError(f"Slack error: {code or response.status_code}")


def _retry_after(headers: dict[str, object]) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return float(str(raw))
            except ValueError:
                return None
    return None
