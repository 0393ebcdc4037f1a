"""Acks first: replies wait while Slack requests are being acknowledged.

A Slack request must be acknowledged within 3 seconds or the user sees an error; the reply
itself may take a moment longer. When requests pile up, the work done after each ack (asking
the core, posting the reply) competes for the same CPU and GIL as the acks. This gate lets
that work wait while any request is still being answered, for at most `max_wait` seconds, so
acks stay quick under load and replies still keep flowing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class AckGate:
    def __init__(self, max_wait: float = 1.0) -> None:
        self.max_wait = max_wait
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def enter(self) -> None:
        self._in_flight += 1
        self._idle.clear()

    def leave(self) -> None:
        self._in_flight -= 1
        if self._in_flight <= 0:
            self._in_flight = 0
            self._idle.set()

    async def wait_turn(self) -> None:
        """Return once no request is being acknowledged, or after `max_wait` seconds."""
        if self._in_flight:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self.max_wait)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """aiohttp middleware that counts the Slack requests being answered."""
        self.enter()
        try:
            return await handler(request)
        finally:
            self.leave()
