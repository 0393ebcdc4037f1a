"""Discord settings, as read by `bot.config`: token, REST base, gateway, sharding, sync guild."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.config import read_variables
from bot.variables import Variables

DEFAULT_API_URL = "https://discord.com/api/v10"


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    """Everything the Discord adapter needs to connect; built once at start.

    `api_url` is the REST base (tests point it at a fake, large deployments at a rate-limit
    proxy); `guild_id` makes `sync` register commands in one server (instant) instead
    of globally; `gateway_url` replaces Discord's gateway address (tests, gateway proxies).
    """

    token: str
    api_url: str = DEFAULT_API_URL
    sharded: bool = False
    shard_count: int | None = None
    guild_id: int | None = None
    gateway_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> DiscordConfig | None:
        """`from_settings` on `environ` read through `bot.config` (tests, one-off tools)."""
        return cls.from_settings(read_variables(environ))

    @classmethod
    def from_settings(cls, variables: Variables) -> DiscordConfig | None:
        """The ``DISCORD_*`` settings as read by `bot.config`; None without a token.

        Raises ValueError with the variable's name when a value is malformed, so a typo stops
        the start with a clear message instead of a half-working bot.
        """
        token = variables.discord_token.get_secret_value() if variables.discord_token else ""
        if not token:
            return None
        api_url = variables.discord_api_url.rstrip("/") or DEFAULT_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise ValueError("DISCORD_API_URL must start with http:// or https://")
        gateway_url = variables.discord_gateway_url
        if gateway_url is not None and not gateway_url.startswith(("ws://", "wss://")):
            raise ValueError("DISCORD_GATEWAY_URL must start with ws:// or wss://")
        shard_count = variables.discord_shard_count
        return cls(
            token=token,
            api_url=api_url,
            sharded=variables.discord_sharded or shard_count is not None,
            shard_count=shard_count,
            guild_id=variables.discord_guild_id,
            gateway_url=gateway_url,
        )
