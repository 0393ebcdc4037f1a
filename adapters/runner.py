"""Wire the core, the scheduler and the configured platforms together, and run until stopped.

`make run` lands here: with Slack or Discord tokens configured it serves those platforms; with
none it opens the terminal chat on the embedded SQLite store. A supervisor can rely on the exit
code: 0 after SIGTERM or Ctrl-C, 1 when the store or a platform cannot start or a platform
stops for good, 2 for settings that cannot work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Mapping
from typing import Any, Literal

from adapters.console.chat import ConsoleChat, ConsoleNotifier, PrintNotifier, local_identity
from adapters.console.delivery_log import FileNotifier
from adapters.health_server import HealthServer
from bot.config import Settings, read_variables
from bot.core.ports import Core, Notifier, PlatformRuntime, StartupError
from bot.heap import settle_after_start
from bot.rulefiles import RulebookError
from bot.services import Services

log = logging.getLogger("afterview")

Mode = Literal["auto", "chat", "serve"]

NOTHING_TO_SERVE = (
    "afterview serve: no platform is configured. Set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or "
    "SLACK_SIGNING_SECRET) or DISCORD_TOKEN, in the environment or deploy/afterview.env "
    "(see README), or use `afterview chat`"
)


def configured_runtimes(settings: Settings) -> list[PlatformRuntime]:
    """The platforms whose settings are present; a platform's library loads only if used."""
    runtimes: list[PlatformRuntime] = []
    variables = settings.variables
    if variables.slack_bot_token is not None or variables.slack_client_id is not None:
        from adapters.slack import SlackRuntime

        slack = SlackRuntime.from_settings(settings)
        if slack is not None:
            runtimes.append(slack)
    if variables.discord_token is not None:
        from adapters.discord import DiscordRuntime

        discord = DiscordRuntime.from_settings(settings)
        if discord is not None:
            runtimes.append(discord)
    return runtimes


def run(environ: Mapping[str, str], mode: Mode = "auto", *, user: str | None = None) -> int:
    """Build everything from `environ` and run; returns the exit code. `user` names the
    terminal chat's identity (default: the login name)."""
    try:
        settings = Settings.from_variables(read_variables(environ))
        runtimes = [] if mode == "chat" else configured_runtimes(settings)
    except (ValueError, RulebookError) as error:
        _say(error)
        return 2
    level = settings.variables.log_level or ("INFO" if mode == "serve" else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if mode == "serve" and not runtimes and settings.delivery_log is None:
        print(NOTHING_TO_SERVE, file=sys.stderr)
        return 2
    if mode == "auto":
        mode = "serve" if runtimes else "chat"
    try:
        return asyncio.run(_serve(settings, runtimes, chat=mode == "chat", user=user))
    except (StartupError, RulebookError) as error:
        _say(error)
        return 1


def _say(error: BaseException) -> None:
    for line in str(error).splitlines() or [type(error).__name__]:
        print(f"afterview: {line}", file=sys.stderr)


async def _serve(
    settings: Settings, runtimes: list[PlatformRuntime], *, chat: bool, user: str | None = None
) -> int:
    """Start, then wait for a stop signal, the end of the chat, or a platform's failure."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    stopping = asyncio.create_task(stop.wait(), name="afterview-stop")
    session = _Session(settings, runtimes, chat=chat, user=user)
    try:
        starting = asyncio.create_task(session.start(), name="afterview-start")
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():  # SIGTERM or Ctrl-C while connecting: stop at once
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, StartupError):
                await starting
            log.info("stopped while starting")
            return 0
        starting.result()  # a StartupError goes to `run`
        return await session.wait(stopping)
    finally:
        stopping.cancel()
        await session.close()


class _Session:
    """One run: services, health endpoint, platforms; started and closed in order."""

    def __init__(
        self,
        settings: Settings,
        runtimes: list[PlatformRuntime],
        *,
        chat: bool,
        user: str | None = None,
    ) -> None:
        self.settings = settings
        self.who = local_identity(user)
        self.runtimes = runtimes
        self.chat = chat
        self.console: ConsoleChat | None = None
        self.started: list[PlatformRuntime] = []
        self.services: Services | None = None
        self._health: HealthServer | None = None

    async def start(self) -> None:
        services = await asyncio.to_thread(Services.build, self.settings)
        self.services = services
        console_notifier: Notifier
        if self.settings.delivery_log is not None:
            delivery_log = FileNotifier(self.settings.delivery_log)
            services.privacy.on_forget(delivery_log.forget)
            console_notifier = delivery_log
        elif self.chat:
            self.console = ConsoleChat(services.coach, self.who)
            console_notifier = ConsoleNotifier(self.console)
        else:
            console_notifier = PrintNotifier()
        if self.chat and self.console is None:
            self.console = ConsoleChat(services.coach, self.who)
        services.add_notifier(console_notifier)
        for runtime in self.runtimes:
            services.add_notifier(runtime.notifier)
        settle_after_start()  # before the first pass: what start-up built is never collected
        await services.start()
        variables = self.settings.variables
        if variables.health_port is not None:
            server = HealthServer(services.health, variables.health_host, variables.health_port)
            try:
                await server.start()
            except OSError as error:
                raise StartupError(
                    f"cannot serve the health endpoint on {variables.health_host}:"
                    f"{variables.health_port} ({error.strerror}): change AFTERVIEW_HEALTH_PORT"
                ) from None
            self._health = server
            log.info("health endpoint on %s:%s", variables.health_host, server.port)
        core = Core(coach=services.coach, state=services.state, privacy=services.privacy)
        for runtime in self.runtimes:
            await runtime.start(core)
            self.started.append(runtime)
            services.health.platforms[runtime.notifier.platform] = "ok"
        log.info("afterview is running (%d platform(s))", len(self.started))

    async def wait(self, stopping: asyncio.Task[bool]) -> int:
        """0 when asked to stop or the chat ends; 1 when a platform stopped for good."""
        watchers = {asyncio.create_task(runtime.wait_failed()): runtime for runtime in self.started}
        waits: set[asyncio.Future[Any]] = {stopping, *watchers}
        if self.console is not None:
            waits.add(asyncio.create_task(self.console.run()))
        try:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits - {stopping}:
                task.cancel()
        for task, runtime in watchers.items():
            if task in done and not task.cancelled():
                reason = task.result()
                if self.services is not None:
                    self.services.health.platforms[runtime.notifier.platform] = reason
                print(f"afterview: {reason}", file=sys.stderr)
                return 1
        return 0

    async def close(self) -> None:
        # Delivery first, while the platforms can still take the sends in flight.
        if self.services is not None:
            await self.services.stop()
        for runtime in reversed(self.started):
            with contextlib.suppress(Exception):
                await runtime.stop()
        # A runtime whose start was interrupted may hold connections too.
        for runtime in self.runtimes:
            if runtime not in self.started:
                with contextlib.suppress(Exception):
                    await runtime.stop()
        if self._health is not None:
            await self._health.stop()
        if self.services is not None:
            self.services.close()
