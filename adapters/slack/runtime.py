"""`SlackRuntime`: serve Slack over Socket Mode or HTTP, sharing the event loop with the core."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from adapters.slack.app import build_app, http_app
from adapters.slack.config import SlackConfig
from adapters.slack.handlers import SlackHandlers
from adapters.slack.notifier import SlackNotifier
from bot.core.ports import Core, Notifier

log = logging.getLogger(__name__)


class SlackRuntime:
    """A configured Slack connection: the bolt app, its transport and the DM notifier."""

    def __init__(self, config: SlackConfig) -> None:
        config.check()
        self.config = config
        self._notifier = SlackNotifier(config.api_url, config.rate_per_sec)
        self.app: AsyncApp | None = None
        self._handlers: SlackHandlers | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.port: int | None = None
        """The HTTP port actually bound (useful with ``SLACK_PORT=0``); None in Socket Mode."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SlackRuntime | None:
        """None when Slack is not configured; `ValueError` when it is, wrongly."""
        config = SlackConfig.from_env(environ)
        return cls(config) if config is not None else None

    @property
    def notifier(self) -> Notifier:
        return self._notifier

    @property
    def handlers(self) -> SlackHandlers | None:
        """The app's listeners once started (tests and shutdown wait on their work)."""
        return self._handlers

    async def start(self, core: Core) -> None:
        built = build_app(self.config, core)
        self.app = built.app
        self._handlers = built.handlers
        self._notifier.bind(built.tokens)
        if self.config.mode == "socket":
            assert self.config.app_token is not None  # checked by SlackConfig.check
            self._socket = AsyncSocketModeHandler(built.app, self.config.app_token)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("Slack: connected over Socket Mode")
            return
        self._runner = web.AppRunner(http_app(built, self.config), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port)
        await site.start()
        self.port = _bound_port(self._runner, self.config.port)
        log.info("Slack: serving HTTP on %s:%s%s", self.config.host, self.port, self.config.path)

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._handlers is not None:
            await self._handlers.drain()
            self._handlers = None


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured
