"""Changing a user's preferences, and moving their pending nudges out of new quiet hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.messages import Identity
from bot.db import interviews as rows
from bot.db import users
from bot.db.models import User
from bot.interviews.preferences import preferences_of_stored
from bot.interviews.tracker_base import TrackerBase
from bot.nudges.calendar import Preferences, next_allowed


class PreferenceUpdates(TrackerBase):
    """Timezone, quiet hours and weekends: read, and changed with the nudges they move."""

    def preferences(self, who: Identity, tz_hint: str | None = None) -> Preferences:
        stored = users.stored_preferences(self._reader, who)
        return preferences_of_stored(stored, self.default_zone, tz_hint)

    def set_timezone(self, who: Identity, zone: ZoneInfo) -> Preferences:
        return self._update_prefs(who, lambda user: setattr(user, "timezone", zone.key))

    def set_quiet(self, who: Identity, start: time | None, end: time | None) -> Preferences:
        """Quiet hours from `start` to `end` local time; both None turns them off."""

        def apply(user: User) -> None:
            if start is None or end is None or start == end:
                user.quiet_off, user.quiet_start, user.quiet_end = True, None, None
            else:
                user.quiet_off = False
                user.quiet_start, user.quiet_end = f"{start:%H:%M}", f"{end:%H:%M}"

        return self._update_prefs(who, apply)

    def set_weekends(self, who: Identity, allowed: bool) -> Preferences:
        return self._update_prefs(who, lambda user: setattr(user, "weekends", allowed))

    def _update_prefs(self, who: Identity, apply: Callable[[User], None]) -> Preferences:
        """Change a preference, then move the user's pending nudges out of the new quiet hours."""
        moved: list[datetime] = []
        with self._sessions.begin() as session:
            user = users.find_or_create(session, who, timezone=None, now=self._clock())
            apply(user)
            prefs = self.prefs_of(user)
            for nudge in rows.pending_nudges_of_user(session, user.id):
                allowed = next_allowed(nudge.due_at, prefs)
                if allowed != nudge.due_at:
                    nudge.due_at = allowed
                    moved.append(allowed)
        self.changed(moved)
        return prefs
