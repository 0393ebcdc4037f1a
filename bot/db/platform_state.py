"""`PlatformState` on the core's database, so replicas share installs and seen events."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Installation, SeenEvent

SEEN_EVENTS_KEPT = timedelta(hours=24)
"""Platforms retry an event for minutes at most; a day of event ids is plenty."""
PRUNE_EVERY = 500
"""Prune old event ids once every this many sightings, not on each one."""


class SqlPlatformState:
    """Installation records as JSON and retried-event de-duplication with a unique insert."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] | None = None,
        keep: timedelta = SEEN_EVENTS_KEPT,
    ) -> None:
        self._sessions = sessions
        self._clock = clock or (lambda: datetime.now(UTC))
        self._keep = keep
        self._since_prune = 0

    def save_installation(self, platform: str, key: str, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), sort_keys=True, default=str)
        with self._sessions.begin() as session:
            row = session.get(Installation, (platform, key))
            if row is None:
                session.add(
                    Installation(platform=platform, key=key, data=payload, updated_at=self._clock())
                )
            else:
                row.data = payload
                row.updated_at = self._clock()

    def load_installation(self, platform: str, key: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            row = session.get(Installation, (platform, key))
            if row is None:
                return None
            loaded = json.loads(row.data)
            return loaded if isinstance(loaded, dict) else None

    def delete_installation(self, platform: str, key: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                delete(Installation).where(
                    Installation.platform == platform, Installation.key == key
                )
            )

    def prune_installations(self, platform: str, key_prefix: str, older_than: timedelta) -> int:
        cutoff = self._clock() - older_than
        with self._sessions.begin() as session:
            result = session.execute(
                delete(Installation).where(
                    Installation.platform == platform,
                    Installation.key.startswith(key_prefix, autoescape=True),
                    Installation.updated_at < cutoff,
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def first_sighting(self, platform: str, event_id: str) -> bool:
        """Record the id; True only the first time it is seen, on any replica."""
        return event_id[:255] in self.first_sightings(platform, [event_id])

    def first_sightings(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        """The ids among `event_ids` never seen before, all recorded in one transaction (one
        COMMIT for a burst of requests instead of one each); an id repeated within the batch
        counts once. Concurrent callers (other replicas) each get a given id at most once."""
        wanted = list(dict.fromkeys(event_id[:255] for event_id in event_ids))
        if not wanted:
            return set()
        now = self._clock()
        rows = [{"platform": platform, "event_id": key, "seen_at": now} for key in wanted]
        with self._sessions.begin() as session:
            on_postgres = session.get_bind().dialect.name == "postgresql"
            insert = postgresql.insert if on_postgres else sqlite.insert
            statement = insert(SeenEvent).on_conflict_do_nothing().returning(SeenEvent.event_id)
            fresh = set(session.scalars(statement, rows))  # one compiled form, any batch size
        self._since_prune += len(fresh)
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            self.prune(now)
        return fresh

    def prune(self, now: datetime | None = None) -> int:
        """Drop event ids older than the keep window; returns how many."""
        cutoff = (now or self._clock()) - self._keep
        with self._sessions.begin() as session:
            result = session.execute(delete(SeenEvent).where(SeenEvent.seen_at < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)

    def known_events(self, platform: str) -> list[str]:
        """Event ids currently remembered, oldest first (for operators and tests)."""
        with self._sessions() as session:
            rows = session.scalars(
                select(SeenEvent.event_id)
                .where(SeenEvent.platform == platform)
                .order_by(SeenEvent.seen_at)
            )
            return list(rows)
