"""How a platform adapter plugs into a running core (used by `afterview run`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.coach import Coach
from bot.core.notifier import Notifier
from bot.core.platform_state import PlatformState


@dataclass(frozen=True, slots=True)
class Core:
    """What an adapter gets from the core: the conversation and its small persistent state."""

    coach: Coach
    state: PlatformState


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
