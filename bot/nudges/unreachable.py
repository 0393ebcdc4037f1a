"""Who might be unreachable, kept in memory so that the usual answer ("nobody") costs no query.

Every request asks whether its user was marked unreachable (to tell them their DMs are closed)
and whether a notice waits for them (a nudge that came another way), and almost always both
answers are no. The index holds both sets of identities, reloaded when this process marks,
clears or leaves something and at least every `ttl` seconds, so what another replica wrote is
noticed within that time. A hit is always confirmed against the database.
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
        self._noticed: frozenset[_Key] = frozenset()
        self._loaded_at: float | None = None

    def might_be_unreachable(self, who: Identity) -> bool:
        """False means certainly not marked (as of at most `ttl` seconds ago)."""
        return (who.platform, who.workspace, who.user) in self._current()

    def might_have_notice(self, who: Identity) -> bool:
        """False means certainly no notice waiting (as of at most `ttl` seconds ago)."""
        self._current()
        with self._lock:
            return (who.platform, who.workspace, who.user) in self._noticed

    def known_reachable(self, who: Identity) -> bool:
        """True when the loaded sets are current and `who` is not marked (no query needed)."""
        with self._lock:
            return self._fresh() and (who.platform, who.workspace, who.user) not in self._keys

    def known_without_notice(self, who: Identity) -> bool:
        """True when the loaded sets are current and no notice waits for `who`."""
        with self._lock:
            return self._fresh() and (who.platform, who.workspace, who.user) not in self._noticed

    def _fresh(self) -> bool:
        return self._loaded_at is not None and self._monotonic() - self._loaded_at < self._ttl

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
            noticed = frozenset(users.noticed_identities(session))
        with self._lock:
            self._keys, self._noticed, self._loaded_at = keys, noticed, now
        return keys
