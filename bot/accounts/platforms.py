"""The one vocabulary of platform names people type ("terminal") and what they are stored as."""

from __future__ import annotations

STORED: dict[str, str] = {
    "slack": "slack",
    "discord": "discord",
    "terminal": "console",
    "console": "console",
    "cli": "console",
}
"""A typed name -> the `Identity.platform` it means."""

SHOWN: dict[str, str] = {"slack": "Slack", "discord": "Discord", "console": "the terminal"}
CHOICES = ("slack", "discord", "terminal")
"""The names offered to people, in the order shown."""


def read_platform(word: str) -> str | None:
    """The stored platform name for a typed word, or None."""
    return STORED.get(word.strip().lower())


def shown(platform: str) -> str:
    return SHOWN.get(platform, platform)
