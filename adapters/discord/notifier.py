"""Deliver nudges as DMs: an embed with buttons, sent once even if re-sent after a crash.

Each send carries the delivery's key as the message `nonce` with `enforce_nonce`, so Discord
drops a duplicate of a nudge that was posted just before a crash. A user whose DMs are closed
(error 50007) is remembered, so later nudges fail fast without another 403: repeated 403s
count toward Discord's invalid-request ban. The memory is cleared when the user next talks
to the bot (the core tells them how to open their DMs then).
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord

from adapters.discord.render import NO_MENTIONS, render
from bot.core.ports import Delivery, RecipientUnreachable, TransientDeliveryError
from bot.nudges.pacing import TokenBucket

log = logging.getLogger(__name__)

PLATFORM = "discord"
DMS_CLOSED = 50007
"""Discord's "Cannot send messages to this user"."""


class DiscordNotifier:
    """The core's `Notifier` for Discord users (recipient.user is the Discord user id)."""

    def __init__(self, client: discord.Client, *, limiter: TokenBucket | None = None) -> None:
        self._client = client
        self.limiter = limiter
        """Paces the DMs (the runner always gives one); None sends unpaced (tests)."""
        self._closed: set[int] = set()

    @property
    def platform(self) -> str:
        return PLATFORM

    def dms_closed(self, user_id: str) -> bool:
        """True while a user's DMs are known to be closed."""
        return user_id.isdigit() and int(user_id) in self._closed

    def reopen(self, user_id: str) -> None:
        """Try this user's DMs again at the next nudge (they have heard from us meanwhile)."""
        if user_id.isdigit():
            self._closed.discard(int(user_id))

    async def send(self, delivery: Delivery) -> None:
        user = delivery.recipient.user
        if delivery.recipient.platform != PLATFORM or not user.isdigit():
            raise RecipientUnreachable(f"not a Discord user: {delivery.recipient.platform}")
        user_id = int(user)
        if user_id in self._closed:
            raise RecipientUnreachable("the user's DMs are closed (error 50007 earlier)")
        if self._client.is_closed() or self._client.user is None:
            raise TransientDeliveryError("the Discord client is not connected")
        if self.limiter is not None:
            await self.limiter.take()
        shown = render(delivery.reply)
        try:
            channel = await self._client.create_dm(discord.Object(user_id))
            extra: dict[str, Any] = {"view": shown.view} if shown.view is not None else {}
            await channel.send(
                embed=shown.embed,
                nonce=delivery.key,  # discord.py adds enforce_nonce=true with any nonce
                allowed_mentions=NO_MENTIONS,
                **extra,
            )
        except discord.Forbidden as error:
            # 50007 is closed DMs; any other 403 (no shared server, blocked) is just as final.
            self._closed.add(user_id)
            log.info("DMs closed for a Discord user (code %s); not retrying", error.code)
            raise RecipientUnreachable(f"Discord refused the DM (code {error.code})") from error
        except discord.NotFound as error:
            raise RecipientUnreachable(f"unknown Discord user (code {error.code})") from error
        except discord.RateLimited as error:
            raise TransientDeliveryError("rate limited", retry_after=error.retry_after) from error
        except discord.HTTPException as error:
            retry_after = _retry_after(error) if error.status == 429 else None
            raise TransientDeliveryError(
                f"Discord answered {error.status} (code {error.code})", retry_after=retry_after
            ) from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TransientDeliveryError(f"could not reach Discord: {error!r}") from error


def _retry_after(error: discord.HTTPException) -> float | None:
    header = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        return float(header) if header else None
    except ValueError:
        return None
