"""Replay checks for signed requests: recorded together, and never in the way of an ack.

Slack never retries slash commands, clicks or form submissions, so one that arrives twice
with the same signature (it covers the timestamp and the body) is a replay within Slack's
5-minute window: it is acknowledged and not processed again, on any replica (the record is in
the shared database). The check used to sit in front of every ack, one worker-thread hop and
one durable COMMIT per request, waiting for SQLite's write lock behind the core's
registrations: under a flood that was most of the ack's time. Now a listener starts the check
as the request arrives and awaits it only before doing the work; requests that arrive while a
check is running wait for the next one, which records them all in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import Any

from bot.core.ports import PlatformState

PLATFORM = "slack"

log = logging.getLogger(__name__)


def signature_key(headers: Mapping[str, Sequence[str]]) -> str | None:
    """What a replay shares with the original: its signature (None over Socket Mode)."""
    values = headers.get("x-slack-signature") or ()
    return f"sig:{values[0]}" if values and values[0] else None


class Sightings:
    """`await sightings.first(key)`: True the first time `key` is seen, on any replica."""

    def __init__(self, state: PlatformState, platform: str = PLATFORM) -> None:
        self._state = state
        self._platform = platform
        self._waiting: list[tuple[str, asyncio.Future[bool]]] = []
        self._running: asyncio.Task[None] | None = None
        self.batches = 0
        """How many database calls were made (tests and benchmarks: keys / batches)."""

    def check(self, headers: Mapping[str, Sequence[str]]) -> Awaitable[bool]:
        """Start checking a request now (so it joins the current batch); await it before the
        work. Requests without a signature (Socket Mode) are never replays."""
        key = signature_key(headers)
        if key is None:
            done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            done.set_result(True)
            return done
        return self._join(key)

    async def first(self, key: str) -> bool:
        return await self._join(key)

    def _join(self, key: str) -> asyncio.Future[bool]:
        """A future for `key` in the next batch (no task of its own: one less per request)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, future))
        if self._running is None:
            self._running = asyncio.ensure_future(self._record())
        return future

    async def _record(self) -> None:
        """Record whatever is waiting, batch after batch, until nothing is."""
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._record_batch(batch)
        finally:
            self._running = None

    async def _record_batch(self, batch: list[tuple[str, asyncio.Future[bool]]]) -> None:
        keys = [key for key, _ in batch]
        self.batches += 1
        try:
            fresh = await asyncio.to_thread(self._state.first_sightings, self._platform, keys)
        except Exception as error:  # each waiting request gets the failure as its own
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for key, future in batch:
            if future.done():  # its request was cancelled (the client went away)
                continue
            future.set_result(key in fresh)
            fresh.discard(key)  # the same key twice in one batch: only the first is new


async def unless_replayed(
    fresh: Awaitable[bool], work: Callable[[], Coroutine[Any, Any, None]]
) -> None:
    """Run `work()` if the request is not a replay; otherwise only say so."""
    if await fresh:
        await work()
    else:
        say_replayed()


def say_replayed() -> None:
    log.warning("a replayed Slack request was acknowledged and ignored")
