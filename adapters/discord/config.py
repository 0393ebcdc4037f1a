"""Discord settings from the environment: token, REST base, sharding, send rate, sync guild."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_URL = "https://discord.com/api/v10"
DEFAULT_RATE_PER_SEC = 5.0

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    """Everything the Discord adapter needs to connect; built once at start.

    `api_url` is the REST base (tests point it at a fake, large deployments at a rate-limit
    proxy); `rate_per_sec` caps how fast nudges go out by DM, so a backlog after downtime does
    not look like spam; `guild_id` makes `sync` register commands in one server (instant) instead
    of globally; `gateway_url` replaces Discord's gateway address (tests, gateway proxies).
    """

    token: str
    api_url: str = DEFAULT_API_URL
    sharded: bool = False
    shard_count: int | None = None
    rate_per_sec: float = DEFAULT_RATE_PER_SEC
    guild_id: int | None = None
    gateway_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> DiscordConfig | None:
        """The configuration, or None when DISCORD_TOKEN is not set.

        Raises ValueError with the variable's name when a value is malformed, so a typo stops
        the start with a clear message instead of a half-working bot.
        """
        token = environ.get("DISCORD_TOKEN", "").strip()
        if not token:
            return None
        api_url = environ.get("DISCORD_API_URL", "").strip().rstrip("/") or DEFAULT_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise ValueError("DISCORD_API_URL must start with http:// or https://")
        shard_count = _positive_int(environ, "DISCORD_SHARD_COUNT")
        sharded = _flag(environ, "DISCORD_SHARDED") or shard_count is not None
        rate_text = environ.get("DISCORD_RATE_PER_SEC", "").strip()
        rate = DEFAULT_RATE_PER_SEC
        if rate_text:
            try:
                rate = float(rate_text)
            except ValueError:
                raise ValueError("DISCORD_RATE_PER_SEC must be a number, e.g. 5") from None
            if not rate > 0 or rate > 1000:
                raise ValueError("DISCORD_RATE_PER_SEC must be above 0 and at most 1000")
        gateway_url = environ.get("DISCORD_GATEWAY_URL", "").strip() or None
        if gateway_url is not None and not gateway_url.startswith(("ws://", "wss://")):
            raise ValueError("DISCORD_GATEWAY_URL must start with ws:// or wss://")
        return cls(
            token=token,
            api_url=api_url,
            sharded=sharded,
            shard_count=shard_count,
            rate_per_sec=rate,
            guild_id=_positive_int(environ, "DISCORD_GUILD_ID"),
            gateway_url=gateway_url,
        )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value[:20]!r}")


def _positive_int(environ: Mapping[str, str], name: str) -> int | None:
    text = environ.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) <= 0:
        raise ValueError(f"{name} must be a positive whole number")
    return int(text)
