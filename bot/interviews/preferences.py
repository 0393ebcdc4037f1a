"""A user's stored preferences -> the plan's `Preferences`, with defaults filled in."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.nudges.calendar import Preferences

DEFAULTS = Preferences()
NO_QUIET = time(0, 0)


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def safe_zone(name: str | None) -> ZoneInfo | None:
    """The zone called `name`, or None for a missing or unknown name (never raises)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
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
