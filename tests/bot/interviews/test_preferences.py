"""Stored preferences -> `Preferences`: stored values win, then the platform's hint, then the
configured default; quiet hours off means none at all."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from bot.db.users import StoredPreferences
from bot.interviews.preferences import (
    DEFAULTS,
    preferences_of,
    preferences_of_stored,
    preferences_of_user,
    safe_zone,
)

PARIS = ZoneInfo("Europe/Paris")


def test_safe_zone_never_raises() -> None:
    assert safe_zone("Europe/Paris") == PARIS
    assert safe_zone("Mars/Olympus") is None
    assert safe_zone("") is None
    assert safe_zone(None) is None
    assert safe_zone("../../etc/passwd") is None


def _zone(timezone: str | None, hint: str | None) -> ZoneInfo:
    prefs = preferences_of(
        timezone=timezone,
        quiet_start=None,
        quiet_end=None,
        quiet_off=False,
        weekends=None,
        default_zone=ZoneInfo("UTC"),
        tz_hint=hint,
    )
    return prefs.timezone


def test_stored_zone_beats_the_hint_which_beats_the_default() -> None:
    assert _zone("Asia/Tokyo", "Europe/Paris") == ZoneInfo("Asia/Tokyo")
    assert _zone(None, "Europe/Paris") == PARIS
    assert _zone(None, "Nowhere/Land") == ZoneInfo("UTC")


def test_quiet_hours_off_and_defaults() -> None:
    off = preferences_of(
        timezone=None,
        quiet_start="22:00",
        quiet_end="07:00",
        quiet_off=True,
        weekends=None,
        default_zone=PARIS,
    )
    assert off.quiet_start == off.quiet_end == time(0, 0)
    new_user = preferences_of_user(None, PARIS)
    assert (new_user.quiet_start, new_user.quiet_end) == (DEFAULTS.quiet_start, DEFAULTS.quiet_end)
    assert new_user.weekends is DEFAULTS.weekends


def test_stored_preferences_are_read_field_by_field() -> None:
    stored = StoredPreferences("Asia/Tokyo", "23:00", "06:30", False, True)
    prefs = preferences_of_stored(stored, PARIS, tz_hint="Europe/Paris")
    assert prefs.timezone == ZoneInfo("Asia/Tokyo")
    assert (prefs.quiet_start, prefs.quiet_end, prefs.weekends) == (time(23), time(6, 30), True)
    assert preferences_of_stored(None, PARIS, tz_hint="Asia/Tokyo").timezone == ZoneInfo(
        "Asia/Tokyo"
    )
