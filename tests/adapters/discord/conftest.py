"""Fixtures for the Discord adapter: the fake Discord, a running bot, and a log watch.

discord.py only logs exceptions raised in command and component handlers, so every test
here fails if anything was logged at ERROR, unless the test takes the records it expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import discord.gateway
import discord.http
import pytest

from adapters.discord.config import DiscordConfig
from adapters.discord.runtime import DiscordRuntime
from bot.core.coach import Coach
from bot.core.messages import Advice, Verdict
from bot.core.ports import Core
from tests.adapters.discord.fake_discord import WAIT, FakeDiscord


class ErrorLog(logging.Handler):
    """Collects ERROR records from every logger during a test."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self, fragment: str) -> list[logging.LogRecord]:
        """Remove and return the records whose message contains `fragment` (expected ones)."""
        taken = [r for r in self.records if fragment in r.getMessage()]
        self.records = [r for r in self.records if r not in taken]
        return taken


@pytest.fixture(autouse=True)
def error_log() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
    problems = [f"{r.name}: {r.getMessage()}" for r in handler.records]
    assert not problems, f"errors were logged: {problems}"


class FixedAdvisor:
    """FOR ADAPTER PLUMBING TESTS ONLY: always the same advice, whatever the question."""

    def advise(self, question: str) -> Advice:
        return Advice(
            question=question,
            verdict=Verdict.CAUTION,
            rule_id="plumbing",
            why="Fixed plumbing answer @everyone <@&123456789012345678>",
            instead="Do the **safe** thing",
            confidence=1.0,
            title="Careful",
        )


class MemoryState:
    """FOR ADAPTER PLUMBING TESTS ONLY: the PlatformState port kept in a dict."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.seen: set[tuple[str, str]] = set()

    def save_installation(self, platform: str, key: str, data: Mapping[str, Any]) -> None:
        self.records[(platform, key)] = dict(data)

    def load_installation(self, platform: str, key: str) -> dict[str, Any] | None:
        return self.records.get((platform, key))

    def delete_installation(self, platform: str, key: str) -> None:
        self.records.pop((platform, key), None)

    def prune_installations(self, platform: str, key_prefix: str, older_than: timedelta) -> int:
        return 0  # plumbing tests keep nothing long enough to expire

    def first_sighting(self, platform: str, event_id: str) -> bool:
        if (platform, event_id) in self.seen:
            return False
        self.seen.add((platform, event_id))
        return True

    def first_sightings(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        return {event_id for event_id in event_ids if self.first_sighting(platform, event_id)}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def config_for(fake: FakeDiscord, **overrides: Any) -> DiscordConfig:
    values: dict[str, Any] = {
        "token": "fake-token",
        "api_url": fake.api_url,
        "gateway_url": fake.gateway_url,
    }
    values.update(overrides)
    return DiscordConfig(**values)


@pytest.fixture
def coach() -> Coach:
    return Coach(FixedAdvisor())


@pytest.fixture
async def runtime(fake: FakeDiscord, coach: Coach) -> AsyncIterator[DiscordRuntime]:
    """The real bot, logged in to the fake and connected to its gateway."""
    bot = DiscordRuntime(config_for(fake))
    await bot.start(Core(coach=coach, state=MemoryState()))
    await fake.wait_connected()
    try:
        yield bot
    finally:
        await bot.stop()


class LogWatch(logging.Handler):
    """Sets `seen` when a record containing `fragment` is logged (from any thread)."""

    def __init__(self, fragment: str) -> None:
        super().__init__(level=logging.DEBUG)
        self.fragment = fragment
        self.seen = asyncio.Event()
        self._loop = asyncio.get_running_loop()

    def emit(self, record: logging.LogRecord) -> None:
        if self.fragment in record.getMessage():
            self._loop.call_soon_threadsafe(self.seen.set)

    async def wait(self) -> None:
        await asyncio.wait_for(self.seen.wait(), WAIT)


@contextlib.contextmanager
def watching(fragment: str) -> Iterator[LogWatch]:
    """Watch the logs for `fragment` while the block runs."""
    watch = LogWatch(fragment)
    root = logging.getLogger()
    root.addHandler(watch)
    try:
        yield watch
    finally:
        root.removeHandler(watch)


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait for something the core does in the background; fails after about `WAIT` seconds."""
    for _ in range(int(WAIT / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never became true")
