"""`DiscordRuntime`: the Discord bot as one of the platforms `afterview run` serves."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

import aiohttp
import discord

from adapters.discord.client import AfterviewClient, make_client
from adapters.discord.config import DiscordConfig
from adapters.discord.endpoints import use_endpoints
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.responder import Responder
from bot.config import Settings
from bot.core.ports import Core, Notifier, StartupError
from bot.nudges.pacing import TokenBucket, limiter_for

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0


class DiscordRuntime:
    """Connects the bot to Discord's gateway in the running event loop, next to the scheduler.

    The notifier exists from construction, so the runner can register it before the core
    starts; DMs it is asked to send before `start` fail as transient (retried later).
    """

    def __init__(self, config: DiscordConfig, limiter: TokenBucket | None = None) -> None:
        self.config = config
        self.client: AfterviewClient = make_client(config)
        self._notifier = DiscordNotifier(self.client, limiter=limiter)
        self._responder: Responder | None = None
        self._gateway: asyncio.Task[None] | None = None
        self._failed: asyncio.Future[str] | None = None
        self._stopping = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> DiscordRuntime | None:
        """The runtime, or None when DISCORD_TOKEN is not set."""
        return cls.from_settings(Settings.from_env(environ))

    @classmethod
    def from_settings(cls, settings: Settings) -> DiscordRuntime | None:
        """The runtime, its DMs paced by the shared delivery settings; None without a token."""
        config = DiscordConfig.from_settings(settings.variables)
        if config is None:
            return None
        return cls(config, limiter_for("discord", settings.delivery))

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
        self._failed = asyncio.get_running_loop().create_future()
        self._stopping = False
        try:
            await self.client.login(self.config.token)
        except discord.LoginFailure:
            await self.client.close()
            raise StartupError(
                "Discord refused DISCORD_TOKEN (401): reset the bot token in the developer "
                "portal and set it again (see deploy/discord.md)"
            ) from None
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            await self.client.close()
            raise StartupError(
                f"cannot log in to Discord at {self.config.api_url}: {describe(error)}"
            ) from None
        self._gateway = asyncio.create_task(self._serve(), name="afterview-discord-gateway")

    async def _serve(self) -> None:
        reason = "the Discord gateway connection ended"
        try:
            await self.client.connect(reconnect=True)
        except asyncio.CancelledError:
            raise
        except discord.ConnectionClosed as error:
            reason = f"Discord closed the gateway for good (code {error.code}): {error.reason}"
            if error.code == 4004:
                reason = "Discord closed the gateway: DISCORD_TOKEN is no longer valid (4004)"
        except Exception as error:
            log.exception("the Discord gateway connection stopped")
            reason = f"the Discord gateway connection stopped: {describe(error)}"
        if not self._stopping and self._failed is not None and not self._failed.done():
            self._failed.set_result(reason)

    async def wait_failed(self) -> str:
        """Return the reason once the gateway has stopped without `stop` being called."""
        if self._failed is None:
            await asyncio.Event().wait()
        assert self._failed is not None
        return await asyncio.shield(self._failed)

    async def stop(self) -> None:
        """Close the gateway and HTTP session; in-flight interactions finish first."""
        self._stopping = True
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._gateway, STOP_TIMEOUT)
            self._gateway = None
        if self._responder is not None:
            self._responder.close()
            self._responder = None
        self.client.afterview = None


def describe(error: BaseException) -> str:
    """A short, single-line account of a connection failure for the operator."""
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status} (code {error.code}) {error.text[:200]}".strip()
    return f"{type(error).__name__}: {error}"[:300]
