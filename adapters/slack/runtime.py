"""`SlackRuntime`: serve Slack over Socket Mode or HTTP, sharing the event loop with the core."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from aiohttp import ClientError, ClientSession, web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.app import build_app, http_app
from adapters.slack.config import SlackConfig
from adapters.slack.handlers import SlackHandlers
from adapters.slack.notifier import SlackNotifier, web_client
from bot.config import Settings
from bot.core.ports import Core, Notifier, StartupError
from bot.nudges.pacing import TokenBucket, limiter_for

log = logging.getLogger(__name__)


class OneLine(logging.Filter):
    """slack_sdk logs every failed Socket Mode retry with a traceback; say it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} [{type(error).__name__}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


socket_log = logging.getLogger("adapters.slack.socket_mode")
socket_log.addFilter(OneLine())

SOCKET_CONNECT_TIMEOUT = 30.0
"""slack_sdk retries a Socket Mode connection forever; a start that never connects must fail."""


class SlackRuntime:
    """A configured Slack connection: the bolt app, its transport and the DM notifier."""

    def __init__(self, config: SlackConfig, limiter: TokenBucket | None = None) -> None:
        config.check()
        self.config = config
        self._notifier = SlackNotifier(config.api_url, limiter)
        self.app: AsyncApp | None = None
        self._handlers: SlackHandlers | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.http: ClientSession | None = None
        """The one HTTP session every call to Slack goes through while started (Web API,
        response URLs, DMs): pooled connections instead of a new session per call."""
        self.port: int | None = None
        """The HTTP port actually bound (useful with ``SLACK_PORT=0``); None in Socket Mode."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SlackRuntime | None:
        """None when Slack is not configured; `ValueError` when it is, wrongly."""
        return cls.from_settings(Settings.from_env(environ))

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackRuntime | None:
        """The runtime, its DMs paced by the shared delivery settings; None without Slack."""
        config = SlackConfig.from_settings(settings.variables)
        if config is None:
            return None
        return cls(config, limiter_for("slack", settings.delivery))

    @property
    def notifier(self) -> Notifier:
        return self._notifier

    @property
    def handlers(self) -> SlackHandlers | None:
        """The app's listeners once started (tests and shutdown wait on their work)."""
        return self._handlers

    async def start(self, core: Core) -> None:
        self.http = ClientSession()
        built = build_app(self.config, core, self.http)
        self.app = built.app
        self._handlers = built.handlers
        self._notifier.bind(built.tokens, self.http)
        if self.config.mode == "socket":
            assert self.config.app_token is not None  # checked by SlackConfig.check
            await self._check_bot_token()
            self._socket = AsyncSocketModeHandler(
                built.app, self.config.app_token, logger=socket_log
            )
            try:
                async with asyncio.timeout(SOCKET_CONNECT_TIMEOUT):
                    await self._socket.connect_async()  # type: ignore[no-untyped-call]
            except TimeoutError:
                await self.stop()
                raise StartupError(
                    f"Slack Socket Mode did not connect within {SOCKET_CONNECT_TIMEOUT:.0f} s:"
                    " check SLACK_APP_TOKEN (connections:write) and the network"
                ) from None
            log.info("Slack: connected over Socket Mode")
            return
        self._runner = web.AppRunner(http_app(built, self.config), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port)
        await site.start()
        self.port = _bound_port(self._runner, self.config.port)
        log.info("Slack: serving HTTP on %s:%s%s", self.config.host, self.port, self.config.path)

    async def _check_bot_token(self) -> None:
        """Ask Slack who we are, so an unreachable Slack or a bad token stops the start."""
        client = web_client(self.config.api_url, self.config.bot_token, rate_limit_retries=0)
        try:
            await client.auth_test()
        except SlackApiError as error:
            code = error.response.get("error") if isinstance(error.response.data, dict) else ""
            raise StartupError(
                f"Slack refused SLACK_BOT_TOKEN ({code or error.response.status_code}): "
                "copy the Bot User OAuth Token again (see deploy/slack.md)"
            ) from None
        except (ClientError, OSError, TimeoutError) as error:
            raise StartupError(
                f"cannot reach Slack at {self.config.api_url} ({type(error).__name__}): "
                "check the network and SLACK_API_URL"
            ) from None

    async def wait_failed(self) -> str:
        """Slack's clients reconnect by themselves; nothing here stops for good."""
        await asyncio.Event().wait()
        return "unreachable"

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
        if self.http is not None:
            await self.http.close()
            self.http = None


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured
