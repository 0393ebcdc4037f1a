"""use_endpoints: discord.py's REST base and gateway follow the configuration."""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

from adapters.discord.config import DiscordConfig
from adapters.discord.endpoints import use_endpoints


def test_rest_and_gateway_follow_the_config() -> None:
    use_endpoints(
        DiscordConfig(
            token="t",
            api_url="http://127.0.0.1:1/api/v10",
            gateway_url="ws://127.0.0.1:2/gateway",
        )
    )
    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:1/api/v10/users/@me"
    assert yarl.URL("ws://127.0.0.1:2/gateway") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def test_without_a_gateway_url_discords_own_is_kept() -> None:
    before = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    use_endpoints(DiscordConfig(token="t"))
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
    assert before == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
