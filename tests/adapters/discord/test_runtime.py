"""DiscordRuntime: start against the fake, serve over the gateway, stop cleanly."""

from __future__ import annotations

from adapters.discord import DiscordRuntime
from tests.adapters.discord import events
from tests.adapters.discord.fake_discord import FakeDiscord


async def test_start_logs_in_and_answers_a_command(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    payload = events.interaction(fake, "command_ask_guild.json")
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path.endswith("/callback"))
    assert hit.status == 200
    assert fake.matching(lambda r: r.path == "/users/@me")
    assert hit.body["type"] == 4
    assert hit.body["data"]["flags"] & 64  # ephemeral
