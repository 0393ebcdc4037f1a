"""The one limiter for nudge DMs: a token bucket per platform, so a backlog never floods one.

Both adapters' notifiers take theirs from `limiter_for`, built from the delivery settings
(``AFTERVIEW_SEND_RATE``, ``AFTERVIEW_SEND_RATE_<PLATFORM>``, ``AFTERVIEW_SEND_BURST``); a 429
is still waited out by each platform's client on top of this.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.config import DeliverySettings


class TokenBucket:
    """`rate` tokens per second, up to `burst` saved; `take()` waits for one, in arrival order."""

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not rate > 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._monotonic = monotonic
        self._sleep = sleep
        self._last = monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def try_take(self) -> float:
        """Take a token if there is one and return 0, else return seconds until there is."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate

    async def take(self) -> None:
        """Return when the caller may send; callers queue behind each other."""
        async with self._lock:
            wait = self.try_take()
            while wait > 0:
                await self._sleep(wait)
                wait = self.try_take()


def limiter_for(platform: str, settings: DeliverySettings) -> TokenBucket:
    """The bucket for `platform`'s DMs, at its configured rate and the shared burst."""
    return TokenBucket(settings.rate_for(platform), settings.send_burst)
