"""The Discord adapter: slash commands, DM nudges with persistent buttons, through discord.py."""

from adapters.discord.config import DiscordConfig
from adapters.discord.runtime import DiscordRuntime

__all__ = ["DiscordConfig", "DiscordRuntime"]
