"""The ports: everything a platform adapter implements or is handed, in one typed module.

An adapter (Slack, Discord, the terminal) plugs into the core through these Protocols and
values alone, the way a chat backend implements one base interface:

- `Notifier` delivers nudges privately (a DM), raising `RecipientUnreachable` or
  `TransientDeliveryError` so the dispatcher can decide what happens next;
- `PlatformState` keeps an adapter's own small state (installs, seen event ids) in the core's
  database, so several replicas share it;
- `PlatformRuntime` is a configured platform connection the runner starts and stops, and
  `Core` is what it is handed: the coach and that state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.core.coach import Coach
from bot.core.messages import Identity, Reply

# -- delivering nudges ---------------------------------------------------------------------


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


# -- an adapter's own state ----------------------------------------------------------------


class PlatformState(Protocol):
    def save_installation(self, platform: str, key: str, data: Mapping[str, Any]) -> None:
        """Store (replace) one installation record as JSON-compatible data."""
        ...

    def load_installation(self, platform: str, key: str) -> dict[str, Any] | None:
        """The record stored under `key`, or None."""
        ...

    def delete_installation(self, platform: str, key: str) -> None:
        """Forget one installation record (uninstall, token revoked)."""
        ...

    def prune_installations(self, platform: str, key_prefix: str, older_than: timedelta) -> int:
        """Forget records under `key_prefix` saved more than `older_than` ago (short-lived
        records such as OAuth states); returns how many."""
        ...

    def first_sighting(self, platform: str, event_id: str) -> bool:
        """True the first time an event id is seen, False for every retry of it."""
        ...

    def first_sightings(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        """`first_sighting` for many ids in one go: those seen now for the first time."""
        ...


# -- a running platform --------------------------------------------------------------------


class WorkspaceEraser(Protocol):
    def forget_workspace(self, platform: str, workspace: str) -> int:
        """Delete the data of everyone in a workspace that removed the app; how many people."""
        ...


@dataclass(frozen=True, slots=True)
class Core:
    """What an adapter gets from the core: the conversation, its small persistent state, and
    (when the core stores people) the eraser an uninstall listener calls."""

    coach: Coach
    state: PlatformState
    privacy: WorkspaceEraser | None = None


class PlatformRuntime(Protocol):
    """A configured platform connection (Slack app, Discord bot)."""

    @property
    def notifier(self) -> Notifier:
        """Delivers nudges to this platform's users by DM."""
        ...

    async def start(self, core: Core) -> None:
        """Connect and begin serving; returns once serving has started."""
        ...

    async def stop(self) -> None:
        """Disconnect cleanly."""
        ...

    async def wait_failed(self) -> str:
        """Return, with the reason, once the platform has stopped for good without being
        asked to (a revoked token, a gateway closed for good); never returns otherwise."""
        ...


class StartupError(Exception):
    """The store or a platform cannot start; the message says what is wrong and what to do."""
