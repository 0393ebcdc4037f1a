"""Wire the core, the scheduler and the configured platforms together, and run until stopped.

`make run` lands here: with Slack or Discord tokens in the environment it serves those
platforms; with none it opens the terminal chat on the embedded SQLite store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Mapping
from typing import Literal

from bot.config import Settings
from bot.core.ports import Core, Notifier, PlatformRuntime

log = logging.getLogger("afterview")

Mode = Literal["auto", "chat", "serve"]


def configured_runtimes(environ: Mapping[str, str]) -> list[PlatformRuntime]:
    """The platforms whose settings are present; a platform's library loads only if used."""
    runtimes: list[PlatformRuntime] = []
    if any(environ.get(name) for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID")):
        from adapters.slack import SlackRuntime

        slack = SlackRuntime.from_env(environ)
        if slack is not None:
            runtimes.append(slack)
    if environ.get("DISCORD_TOKEN"):
        from adapters.discord import DiscordRuntime

        discord = DiscordRuntime.from_env(environ)
        if discord is not None:
            runtimes.append(discord)
    return runtimes


def run(environ: Mapping[str, str], mode: Mode = "auto") -> int:
    """Build everything from the environment and run; returns the exit code."""
    from bot.rulefiles import RulebookError

    level = environ.get("AFTERVIEW_LOG_LEVEL", "WARNING" if mode != "serve" else "INFO")
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env(environ)
        runtimes = [] if mode == "chat" else configured_runtimes(environ)
    except (ValueError, RulebookError) as error:
        print(f"afterview: {error}", file=sys.stderr)
        return 2
    if mode == "auto":
        mode = "serve" if runtimes else "chat"
    try:
        return asyncio.run(_serve(settings, runtimes, chat=mode == "chat"))
    except RulebookError as error:
        print(f"afterview: {error}", file=sys.stderr)
        return 2


async def _serve(settings: Settings, runtimes: list[PlatformRuntime], *, chat: bool) -> int:
    from adapters.console.chat import ConsoleChat, ConsoleNotifier, PrintNotifier
    from adapters.console.delivery_log import FileNotifier
    from bot.services import Services

    services = await asyncio.to_thread(Services.build, settings)
    console_chat: ConsoleChat | None = None
    console_notifier: Notifier
    if settings.delivery_log is not None:
        console_notifier = FileNotifier(settings.delivery_log)
    elif chat:
        console_chat = ConsoleChat(services.coach)
        console_notifier = ConsoleNotifier(console_chat)
    else:
        console_notifier = PrintNotifier()
    if chat and console_chat is None:
        console_chat = ConsoleChat(services.coach)
    services.add_notifier(console_notifier)
    for runtime in runtimes:
        services.add_notifier(runtime.notifier)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)

    started: list[PlatformRuntime] = []
    try:
        await services.start()
        core = Core(coach=services.coach, state=services.state)
        for runtime in runtimes:
            await runtime.start(core)
            started.append(runtime)
        log.info("afterview is running (%d platform(s))", len(started))
        if console_chat is not None:
            chat_task = asyncio.create_task(console_chat.run())
            stop_task = asyncio.create_task(stop.wait())
            await asyncio.wait({chat_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
            for task in (chat_task, stop_task):
                task.cancel()
        else:
            await stop.wait()
    finally:
        # Delivery first, while the platforms can still take the sends in flight.
        await services.stop()
        for runtime in reversed(started):
            with contextlib.suppress(Exception):
                await runtime.stop()
        services.close()
    return 0
