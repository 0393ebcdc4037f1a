"""What every part of the interview service shares: the store, the plan, the clock, and the
listeners told when nudges are added or moved (the scheduler's wake-ups)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db.group_commit import GroupCommit
from bot.db.models import User
from bot.db.prepared import KeptReader
from bot.interviews.preferences import preferences_of_user
from bot.nudges.calendar import Preferences
from bot.nudges.plan import Plan
from bot.nudges.unreachable import UnreachableIndex

log = logging.getLogger(__name__)
UTC_ZONE = ZoneInfo("UTC")


class TrackerBase:
    """The state and plumbing of `Tracker`; its operations live in the mixins beside it."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        plan: Plan,
        *,
        default_zone: ZoneInfo = UTC_ZONE,
        clock: Callable[[], datetime] | None = None,
        unreachable: UnreachableIndex | None = None,
    ) -> None:
        self._sessions = sessions
        self._unreachable = unreachable
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise TypeError("the session factory must be bound to an engine")
        self._engine = bind
        self._group = GroupCommit(bind)
        self._reader = KeptReader(bind)
        self.plan = plan
        self.default_zone = default_zone
        self._clock = clock or (lambda: datetime.now(UTC))
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        return self._clock()

    def close(self) -> None:
        """Give back the registration writer's and the preference reads' connections (at
        shutdown)."""
        self._group.close()
        self._reader.close()

    def on_change(self, listener: Callable[[datetime], None]) -> None:
        """Called with the earliest new due time whenever nudges are added or moved."""
        self._listeners.append(listener)

    def changed(self, dues: Sequence[datetime]) -> None:
        """Tell the listeners the earliest of `dues` (nudges added or moved)."""
        if dues:
            first = min(dues)
            for listener in self._listeners:
                try:
                    listener(first)
                except Exception:  # the change is committed; the safety poll will find it
                    log.exception("a change listener failed")

    def prefs_of(self, user: User | None, tz_hint: str | None = None) -> Preferences:
        """The preferences stored on `user`, with this tracker's default zone."""
        return preferences_of_user(user, self.default_zone, tz_hint)

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions
