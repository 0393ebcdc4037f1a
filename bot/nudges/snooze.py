"""The one snooze vocabulary: the presets, the free lengths and times a user may type, what
each means, and the rule that a snooze never brings a nudge forward.

Buttons, menus, the `snooze` command, its confirmation and the tracker all read this module, so a
label or a preset cannot drift between them. A snooze travels as a short stable value: a preset
(``20m``, ``tomorrow``, ``next-week``), a length (``45m``, ``2h``, ``2d``) or a moment
(``at:2026-11-30T08:00+00:00``, read from "monday 9am" when it was typed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.interviews.when import parse_later

MORNING = time(9, 0)
"""Where "tomorrow", "next week" and a day without a time ("monday") land, local time."""
LONGEST = timedelta(days=30)
"""The furthest a snooze may reach: beyond that, stopping the nudge says it better."""


@dataclass(frozen=True, slots=True)
class SnoozePreset:
    """One way to put a nudge off: its stable value, its menu label and its typed spellings."""

    value: str
    label: str
    """What a menu shows: "20 minutes", "Tomorrow morning"."""
    typed: tuple[str, ...]
    """What a user may type for it, spaces and dots removed, lower case."""
    after: timedelta | None = None
    """Elapsed time from now; None for the calendar presets (tomorrow, next week)."""

    @property
    def spoken(self) -> str:
        """The label inside a sentence: "(tomorrow morning)"."""
        return self.label[:1].lower() + self.label[1:]


PRESETS: tuple[SnoozePreset, ...] = (
    SnoozePreset(
        "20m",
        "20 minutes",
        ("20m", "20min", "20mins", "20minutes"),
        timedelta(minutes=20),
    ),
    SnoozePreset("1h", "1 hour", ("1h", "1hr", "1hour", "60m"), timedelta(hours=1)),
    SnoozePreset("3h", "3 hours", ("3h", "3hrs", "3hours"), timedelta(hours=3)),
    SnoozePreset("tomorrow", "Tomorrow morning", ("tomorrow",)),
    SnoozePreset(
        "next-week",
        "Next Monday morning",
        ("nextweek", "next-week", "week"),
    ),
)
BY_VALUE: dict[str, SnoozePreset] = {preset.value: preset for preset in PRESETS}
_BY_TYPED: dict[str, str] = {word: p.value for p in PRESETS for word in p.typed}
USAGE = "20m|45m|2h|2 days|tomorrow|next week|monday 9am"
"""The choices as a command's usage line shows them."""

_UNITS = {
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_TYPED_LENGTH = re.compile(
    r"^(?:in|for)?(\d{1,4})(?:(m)(?:ins?|inutes?)?|(h)(?:rs?|ours?)?|(d)(?:ays?)?|(w)(?:ks?|eeks?)?)$"
)
_LENGTH = re.compile(r"^(\d{1,5})([mhdw])$")
_MOMENT = "at:"


def read_preset(text: str) -> str | None:
    """``1 h``, ``3hrs``, ``next week`` -> the preset value it means, or None."""
    return _BY_TYPED.get(re.sub(r"[\s.]", "", text.lower()))


def read_snooze(text: str, *, now: datetime, zone: ZoneInfo) -> str | None:
    """What the user typed after ``snooze ID`` -> a snooze value, or None when unreadable or
    further than `LONGEST`. Presets first, then lengths ("45m", "2 days"), then a day and
    time ahead ("monday 9am", "tomorrow 14:00", "friday")."""
    preset = read_preset(text)
    if preset is not None:
        return preset
    match = _TYPED_LENGTH.match(re.sub(r"[\s.]", "", text.lower()))
    if match is not None:
        unit = next(group for group in match.groups()[1:] if group)
        length = int(match[1]) * _UNITS[unit]
        return _length_value(length) if timedelta(0) < length <= LONGEST else None
    at = parse_later(text, now=now, tz=zone, default=(MORNING.hour, MORNING.minute))
    if at is None or at - now > LONGEST:
        return None
    return _MOMENT + at.astimezone(UTC).isoformat(timespec="minutes")


def _length_value(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def _moment(value: str) -> datetime | None:
    if not value.startswith(_MOMENT):
        return None
    try:
        at = datetime.fromisoformat(value[len(_MOMENT) :])
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def is_snooze(value: str) -> bool:
    """Whether ``value`` is a snooze value this module made (a preset, a length, a moment)."""
    return value in BY_VALUE or bool(_LENGTH.match(value)) or _moment(value) is not None


def spoken(value: str, zone: ZoneInfo) -> str:
    """A snooze value inside a sentence: "tomorrow morning", "45 minutes", "Mon 30 Nov 09:00"."""
    if value in BY_VALUE:
        return BY_VALUE[value].spoken
    at = _moment(value)
    if at is not None:
        local = at.astimezone(zone)
        return f"until {local:%a} {local.day} {local:%b} {local:%H:%M}"
    match = _LENGTH.match(value)
    if match is None:
        return value
    count, unit = int(match[1]), {"m": "minute", "h": "hour", "d": "day", "w": "week"}[match[2]]
    return f"{count} {unit}{'' if count == 1 else 's'}"


def snooze_until(
    now: datetime, value: str, zone: ZoneInfo, *, due: datetime | None = None
) -> datetime:
    """The moment a snooze value names: a length from now, tomorrow / next Monday at 09:00 in
    the user's zone, or the moment typed. Never before ``due``, the nudge's current due time:
    a snooze puts a nudge off, it never brings it forward. Raises ``KeyError`` for a value
    this module did not make."""
    if value in BY_VALUE:
        chosen = BY_VALUE[value]
        if chosen.after is not None:
            target = now + chosen.after
        else:
            local = now.astimezone(zone)
            days = 1 if value == "tomorrow" else 7 - local.weekday()
            day = local.date() + timedelta(days=days)
            target = datetime.combine(day, MORNING, tzinfo=zone).astimezone(UTC)
    elif (match := _LENGTH.match(value)) is not None:
        target = now + int(match[1]) * _UNITS[match[2]]
    elif (moment := _moment(value)) is not None:
        target = moment
    else:
        raise KeyError(value)
    return max(target, due) if due is not None else target
