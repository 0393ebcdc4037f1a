"""When a nudge may arrive: the user's zone, quiet hours and weekends, on the wall clock.

Time arithmetic is done on the user's wall clock (``zoneinfo``) and converted to UTC only at the
end, so "the next day at 09:30" stays 09:30 local across a daylight-saving change. A planned local
time that does not exist (the hour skipped in spring) is moved forward by the gap, while quiet
hours or a weekend that end in that hour are over when the clock jumps; local times that
happen twice (the hour repeated in autumn) take the first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_SATURDAY = 5
_UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Preferences:
    """When a user is willing to be nudged. Quiet hours are local; equal ends mean none."""

    timezone: ZoneInfo = _UTC_ZONE
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    weekends: bool = False


def resolve_local(wall: datetime, zone: ZoneInfo) -> datetime:
    """Attach ``zone`` to a naive wall-clock time, deliberately: a time skipped by a DST change
    moves forward by the gap (02:30 -> 03:30); a repeated time takes its first occurrence."""
    aware = wall.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone)


def first_at_or_after(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first instant whose wall-clock time in ``zone`` is ``wall`` or later: ``wall``
    itself, or, where a DST change skips it, the instant the clock jumps past it (quiet hours
    that end at 02:30 are over at 03:00 on the night the clock goes from 02:00 to 03:00)."""
    shifted = resolve_local(wall, zone)
    if shifted.replace(tzinfo=None) == wall:
        return shifted
    # Skipped: read with the later offset, `wall` is an instant before the jump; `shifted` is
    # one after it. The jump happens on a whole second; find it by halving.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(shifted.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, zone)


def add_business_days(day: date, count: int) -> date:
    """``count`` Monday-to-Friday days after ``day`` (a weekend day counts from the Monday)."""
    if count <= 0:
        return day
    if day.weekday() >= _SATURDAY:  # counting from a weekend day is counting from its Friday
        day -= timedelta(days=day.weekday() - 4)
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    while rest > 0:
        day += timedelta(days=1)
        if day.weekday() < _SATURDAY:
            rest -= 1
    return day


def _quiet_end_after(local: datetime, prefs: Preferences) -> datetime | None:
    """If ``local`` lies in quiet hours, the naive wall time they end; else None."""
    start, end = prefs.quiet_start, prefs.quiet_end
    if start == end:
        return None
    now = local.time()
    today = local.date()
    if start < end:
        inside = start <= now < end
        return datetime.combine(today, end) if inside else None
    if now >= start:
        return datetime.combine(today + timedelta(days=1), end)
    if now < end:
        return datetime.combine(today, end)
    return None


def next_allowed(moment: datetime, prefs: Preferences) -> datetime:
    """The first instant at or after ``moment`` outside quiet hours (and weekends unless
    allowed), in UTC. Used for planned nudges and for snoozes alike."""
    zone = prefs.timezone
    local = moment.astimezone(zone)
    for _ in range(16):
        if not prefs.weekends and local.weekday() >= _SATURDAY:
            monday = local.date() + timedelta(days=7 - local.weekday())
            local = first_at_or_after(datetime.combine(monday, time(0, 0)), zone)
            continue
        wake = _quiet_end_after(local, prefs)
        if wake is None:
            break
        local = first_at_or_after(wake, zone)
    return local.astimezone(UTC)
