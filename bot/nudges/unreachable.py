"""Who might be unreachable, kept in memory so that the usual answer ("nobody") costs no query.

Every request asks whether its user was marked unreachable (to tell them their DMs are closed),
and almost always the answer is no. The index holds the set of marked identities, reloaded when
this process marks or clears someone and at least every `ttl` seconds, so a mark written by
another replica is noticed within that time. A hit is always confirmed against the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Identity
from bot.db import users

_Key = tuple[str, str, str]


class UnreachableIndex:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        ttl: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._ttl = ttl
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._keys: frozenset[_Key] = frozenset()
        self._loaded_at: float | None = None

    def might_be_unreachable(self, who: Identity) -> bool:
        """False means certainly not marked (as of at most `ttl` seconds ago)."""
        return (who.platform, who.workspace, who.user) in self._current()

    def known_reachable(self, who: Identity) -> bool:
        """True when the loaded set is current and `who` is not in it (no query needed)."""
        with self._lock:
            if self._loaded_at is None or self._monotonic() - self._loaded_at >= self._ttl:
                return False
            return (who.platform, who.workspace, who.user) not in self._keys

    def invalidate(self) -> None:
        """This process marked or cleared someone: reload on the next question."""
        with self._lock:
            self._loaded_at = None

    def _current(self) -> frozenset[_Key]:
        now = self._monotonic()
        with self._lock:
            if self._loaded_at is not None and now - self._loaded_at < self._ttl:
                return self._keys
        with self._sessions() as session:
            keys = frozenset(users.unreachable_identities(session))
        with self._lock:
            self._keys, self._loaded_at = keys, now
        return keys
