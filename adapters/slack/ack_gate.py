"""Acks first: replies wait while Slack requests are being acknowledged.

A Slack request must be acknowledged within 3 seconds or the user sees an error; the reply
itself may take a moment longer. When requests come in a burst, the work done after each ack
(asking the core, posting the reply) competes with the acks for the CPU and, in worker
threads, for the GIL: one core call holding the GIL makes every ack in flight wait for it.
This gate holds that work back while requests are being answered and until the burst has
been quiet for `quiet` seconds, but never longer than `max_wait`, so replies keep flowing
under sustained load.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class AckGate:
    def __init__(self, max_wait: float = 2.0, quiet: float = 0.02) -> None:
        self.max_wait = max_wait
        self.quiet = quiet
        self._in_flight = 0
        self._last_busy = float("-inf")
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def enter(self) -> None:
        self._in_flight += 1
        self._idle.clear()

    def leave(self) -> None:
        self._in_flight = max(self._in_flight - 1, 0)
        self._last_busy = time.monotonic()
        if self._in_flight == 0:
            self._idle.set()

    async def wait_turn(self) -> None:
        """Return once no request has been in flight for `quiet` seconds, or after `max_wait`."""
        deadline = time.monotonic() + self.max_wait
        while True:
            now = time.monotonic()
            if now >= deadline:
                return
            if self._in_flight:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._idle.wait(), deadline - now)
                continue
            calm_in = self._last_busy + self.quiet - now
            if calm_in <= 0:
                return
            await asyncio.sleep(min(calm_in, deadline - now))

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """aiohttp middleware that counts the Slack requests being answered."""
        self.enter()
        try:
            return await handler(request)
        finally:
            self.leave()
