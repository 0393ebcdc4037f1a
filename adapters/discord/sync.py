"""Register the slash commands with Discord, on request (`afterview discord sync`).

Syncing at every start would spend a rate-limited call and can briefly show users stale
commands; commands change only when the code does, so deployment runs this once.
"""

from __future__ import annotations

import discord

from adapters.discord.client import AfterviewClient
from adapters.discord.config import DiscordConfig
from adapters.discord.endpoints import use_endpoints


async def sync_commands(config: DiscordConfig) -> list[str]:
    """Register our commands globally, or in `config.guild_id` only; return their names."""
    use_endpoints(config)
    client = AfterviewClient()
    try:
        await client.login(config.token)
        if config.guild_id is not None:
            guild = discord.Object(config.guild_id)
            client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
        else:
            synced = await client.tree.sync()
    finally:
        await client.close()
    return [command.name for command in synced]
