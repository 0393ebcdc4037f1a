"""Register the slash commands with Discord, on request (`afterview discord sync`).

Syncing at every start would spend a rate-limited call and can briefly show users stale
commands; commands change only when the code does, so deployment runs this once.
"""

from __future__ import annotations

import aiohttp
import discord

from adapters.discord.client import AfterviewClient
from adapters.discord.config import DiscordConfig
from adapters.discord.endpoints import use_endpoints
from adapters.discord.runtime import describe
from bot.core.ports import StartupError


async def sync_commands(config: DiscordConfig) -> list[str]:
    """Register our commands globally, or in `config.guild_id` only; return their names.

    Raises `StartupError` saying what Discord refused (a bad token, a 400 for the commands,
    a guild the bot is not in) instead of discord.py's traceback."""
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
    except discord.LoginFailure:
        raise StartupError(
            "Discord refused DISCORD_TOKEN (401): reset the bot token and set it again"
        ) from None
    except discord.Forbidden as error:
        where = f"server {config.guild_id}" if config.guild_id else "this application"
        raise StartupError(
            f"Discord refused to register the commands in {where} ({describe(error)}): "
            "invite the bot with the applications.commands scope"
        ) from None
    except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
        raise StartupError(f"Discord refused the command registration: {describe(error)}") from None
    finally:
        await client.close()
    return [command.name for command in synced]
