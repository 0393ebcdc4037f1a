"""A user's stored preferences -> the plan's `Preferences`, with defaults filled in."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.db.models import User
from bot.db.users import StoredPreferences
from bot.nudges.calendar import Preferences

DEFAULTS = Preferences()
NO_QUIET = time(0, 0)
ZONE_NAME_MAX = 64
"""Longer than any IANA name; a longer one is not looked up (the file system would refuse it)."""


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def safe_zone(name: str | None) -> ZoneInfo | None:
    """The zone called `name`, or None for a missing or unknown name (never raises)."""
    if not name or len(name) > ZONE_NAME_MAX:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def preferences_of(
    *,
    timezone: str | None,
    quiet_start: str | None,
    quiet_end: str | None,
    quiet_off: bool,
    weekends: bool | None,
    default_zone: ZoneInfo,
    tz_hint: str | None = None,
) -> Preferences:
    """Stored values win; a platform's hint seeds the zone; then the configured default."""
    zone = safe_zone(timezone) or safe_zone(tz_hint) or default_zone
    if quiet_off:
        start = end = NO_QUIET
    else:
        start = parse_clock(quiet_start) if quiet_start else DEFAULTS.quiet_start
        end = parse_clock(quiet_end) if quiet_end else DEFAULTS.quiet_end
    return Preferences(
        timezone=zone,
        quiet_start=start,
        quiet_end=end,
        weekends=DEFAULTS.weekends if weekends is None else weekends,
    )


def preferences_of_stored(
    stored: StoredPreferences | None, default_zone: ZoneInfo, tz_hint: str | None = None
) -> Preferences:
    """The preferences as stored (defaults for a person not seen yet)."""
    stored = stored or StoredPreferences()
    return preferences_of(
        timezone=stored.timezone,
        quiet_start=stored.quiet_start,
        quiet_end=stored.quiet_end,
        quiet_off=stored.quiet_off,
        weekends=stored.weekends,
        default_zone=default_zone,
        tz_hint=tz_hint,
    )


def preferences_of_user(
    user: User | None, default_zone: ZoneInfo, tz_hint: str | None = None
) -> Preferences:
    """The preferences stored on a user row (defaults for a user not seen yet)."""
    stored = None if user is None else StoredPreferences.of_user(user)
    return preferences_of_stored(stored, default_zone, tz_hint)


def has_preferences(user: User) -> bool:
    """Whether the user ever set anything (what forget-me reports)."""
    return bool(user.timezone or user.quiet_start or user.quiet_off or user.weekends is not None)
