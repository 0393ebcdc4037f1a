"""The one snooze vocabulary: the presets a user can pick, how they are typed, and what they mean.

Buttons, menus, the `snooze` command, its confirmation and the tracker all read this module, so a
label or a preset cannot drift between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MORNING = time(9, 0)
"""Where "tomorrow" and "next week" land, local time."""


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
USAGE = "20m|1h|3h|tomorrow|next week"
"""The presets as a command's usage line shows them."""


def read_preset(text: str) -> str | None:
    """``1 h``, ``3hrs``, ``next week`` -> the preset value it means, or None."""
    return _BY_TYPED.get(re.sub(r"[\s.]", "", text.lower()))


def snooze_until(now: datetime, preset: str, zone: ZoneInfo) -> datetime:
    """The moment a preset names: elapsed time from now, or tomorrow / next Monday at 09:00
    in the user's zone. Raises ``KeyError`` for an unknown preset."""
    chosen = BY_VALUE[preset]
    if chosen.after is not None:
        return now + chosen.after
    local = now.astimezone(zone)
    days = 1 if preset == "tomorrow" else 7 - local.weekday()
    day = local.date() + timedelta(days=days)
    return datetime.combine(day, MORNING, tzinfo=zone).astimezone(UTC)
