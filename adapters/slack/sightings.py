"""Replay checks for a burst of requests, recorded together: one thread hop and one COMMIT.

Every signed slash command or click is checked against the shared database (replicas behind a
load balancer must all refuse a replay), and that check sits before the ack. Done one by one,
each request paid a worker-thread hop and a durable COMMIT, and waited for SQLite's write lock
behind the core's registrations: under a flood that was most of the ack's time. Here the
requests that arrive while a check is running wait for the next one, which records them all
in one transaction; a request alone is checked at once, as before.
"""

from __future__ import annotations

import asyncio

from bot.core.ports import PlatformState

PLATFORM = "slack"


class Sightings:
    """`await sightings.first(key)`: True the first time `key` is seen, on any replica."""

    def __init__(self, state: PlatformState, platform: str = PLATFORM) -> None:
        self._state = state
        self._platform = platform
        self._waiting: list[tuple[str, asyncio.Future[bool]]] = []
        self._running: asyncio.Task[None] | None = None
        self.batches = 0
        """How many database calls were made (tests and benchmarks: keys / batches)."""

    async def first(self, key: str) -> bool:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, future))
        if self._running is None:
            self._running = asyncio.ensure_future(self._record())
        return await future

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
