"""DiscordConfig.from_env: absent, defaults, every setting, and clear errors."""

from __future__ import annotations

import pytest

from adapters.discord.config import DEFAULT_API_URL, DiscordConfig


def test_no_token_means_not_configured() -> None:
    assert DiscordConfig.from_env({}) is None
    assert DiscordConfig.from_env({"DISCORD_TOKEN": "  "}) is None


def test_defaults() -> None:
    config = DiscordConfig.from_env({"DISCORD_TOKEN": "abc"})
    assert config == DiscordConfig(token="abc")
    assert config.api_url == DEFAULT_API_URL
    assert not config.sharded
    assert config.guild_id is None


def test_every_setting() -> None:
    config = DiscordConfig.from_env(
        {
            "DISCORD_TOKEN": "abc",
            "DISCORD_API_URL": "http://127.0.0.1:8080/api/v10/",
            "DISCORD_SHARDED": "true",
            "DISCORD_SHARD_COUNT": "4",
            "DISCORD_GUILD_ID": "1200000000000000201",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9000/gateway",
        }
    )
    assert config == DiscordConfig(
        token="abc",
        api_url="http://127.0.0.1:8080/api/v10",
        sharded=True,
        shard_count=4,
        guild_id=1200000000000000201,
        gateway_url="ws://127.0.0.1:9000/gateway",
    )


def test_a_shard_count_implies_sharding() -> None:
    config = DiscordConfig.from_env({"DISCORD_TOKEN": "abc", "DISCORD_SHARD_COUNT": "2"})
    assert config is not None
    assert config.sharded
    assert config.shard_count == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DISCORD_API_URL", "discord.com/api"),
        ("DISCORD_SHARDED", "maybe"),
        ("DISCORD_SHARD_COUNT", "0"),
        ("DISCORD_SHARD_COUNT", "two"),
        ("AFTERVIEW_SEND_RATE_DISCORD", "fast"),
        ("AFTERVIEW_SEND_RATE_DISCORD", "0"),
        ("AFTERVIEW_SEND_RATE_DISCORD", "nan"),
        ("DISCORD_GUILD_ID", "-5"),
        ("DISCORD_GATEWAY_URL", "http://127.0.0.1/gateway"),
    ],
)
def test_malformed_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        DiscordConfig.from_env({"DISCORD_TOKEN": "abc", name: value})
