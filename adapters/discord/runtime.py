"""`DiscordRuntime`: the Discord bot as one of the platforms `afterview run` serves."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from adapters.discord.client import AfterviewClient, make_client
from adapters.discord.config import DiscordConfig
from adapters.discord.endpoints import use_endpoints
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.responder import Responder
from bot.core.ports import Core, Notifier

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0


class DiscordRuntime:
    """Connects the bot to Discord's gateway in the running event loop, next to the scheduler.

    The notifier exists from construction, so the runner can register it before the core
    starts; DMs it is asked to send before `start` fail as transient (retried later).
    """

    def __init__(self, config: DiscordConfig) -> None:
        self.config = config
        self.client: AfterviewClient = make_client(config)
        self._notifier = DiscordNotifier(self.client, rate_per_sec=config.rate_per_sec)
        self._responder: Responder | None = None
        self._gateway: asyncio.Task[None] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> DiscordRuntime | None:
        """The runtime, or None when DISCORD_TOKEN is not set."""
        config = DiscordConfig.from_env(environ)
        return cls(config) if config is not None else None

    @property
    def notifier(self) -> Notifier:
        return self._notifier

    @property
    def discord_notifier(self) -> DiscordNotifier:
        return self._notifier

    async def start(self, core: Core) -> None:
        """Log in (a bad token fails here, loudly) and start the gateway connection."""
        use_endpoints(self.config)
        self._responder = Responder(core.coach, on_seen=self._notifier.reopen)
        self.client.afterview = self._responder
        await self.client.login(self.config.token)
        self._gateway = asyncio.create_task(self._serve(), name="afterview-discord-gateway")

    async def _serve(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the Discord gateway connection stopped")

    async def stop(self) -> None:
        """Close the gateway and HTTP session; in-flight interactions finish first."""
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._gateway, STOP_TIMEOUT)
            self._gateway = None
        if self._responder is not None:
            self._responder.close()
            self._responder = None
        self.client.afterview = None
