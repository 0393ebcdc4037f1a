"""Point discord.py at the configured REST base and gateway.

discord.py keeps both addresses as class attributes, so they are process-wide: one Discord
bot per process, which is how Afterview runs.
"""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

from adapters.discord.config import DiscordConfig


def use_endpoints(config: DiscordConfig) -> None:
    """Send REST calls (and interaction webhooks) to `api_url`, and connect to `gateway_url`."""
    discord.http.Route.BASE = config.api_url
    if config.gateway_url is not None:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.gateway_url)
