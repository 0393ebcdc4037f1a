"""The port through which the core delivers nudges; each adapter implements it.

The core decides *what* is owed to *whom* and *when*; a `Notifier` only knows how to put a
`Reply` in front of one user on one platform, privately (a DM).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.messages import Identity, Reply


@dataclass(frozen=True, slots=True)
class Delivery:
    """One nudge to send.

    `key` is stable for the nudge and at most 25 characters, so a platform that supports
    idempotent sends (Discord's message nonce) can drop a re-send after a crash.
    """

    nudge_id: int
    recipient: Identity
    reply: Reply
    key: str


class DeliveryError(Exception):
    """Base class for failures a notifier reports to the dispatcher."""


class RecipientUnreachable(DeliveryError):
    """The user cannot be reached (DMs closed, bot removed, account gone): do not retry."""


class TransientDeliveryError(DeliveryError):
    """Worth trying again later (network, 5xx, rate limit)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Notifier(Protocol):
    """Sends a private message to one user of one platform."""

    @property
    def platform(self) -> str:
        """The `Identity.platform` this notifier serves."""
        ...

    async def send(self, delivery: Delivery) -> None:
        """Deliver or raise `RecipientUnreachable` / `TransientDeliveryError`."""
        ...
