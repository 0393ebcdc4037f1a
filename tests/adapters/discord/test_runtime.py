"""DiscordRuntime: from the environment, start against the fake, serve, shard, stop."""

from __future__ import annotations

from adapters.discord import DiscordRuntime
from bot.core.coach import Coach
from bot.core.ports import Core, PlatformRuntime
from tests.adapters.discord import events
from tests.adapters.discord.conftest import MemoryState, config_for
from tests.adapters.discord.fake_discord import FakeDiscord


def test_from_env() -> None:
    assert DiscordRuntime.from_env({}) is None
    runtime = DiscordRuntime.from_env({"DISCORD_TOKEN": "abc", "AFTERVIEW_SEND_RATE_DISCORD": "3"})
    assert runtime is not None
    limiter = runtime.discord_notifier.limiter
    assert limiter is not None
    assert limiter.rate == 3
    assert runtime.notifier.platform == "discord"
    checked: PlatformRuntime = runtime  # the runner's protocol
    assert checked is runtime


async def test_start_logs_in_and_answers_a_command(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    payload = events.interaction(fake, "command_ask_guild.json")
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.status == 200
    assert fake.matching(lambda r: r.path == "/users/@me")
    assert hit.body["type"] == 4
    assert hit.body["data"]["flags"] & 64  # ephemeral


async def test_sharded_bot_runs_every_shard(fake: FakeDiscord, coach: Coach) -> None:
    bot = DiscordRuntime(config_for(fake, sharded=True))
    await bot.start(Core(coach=coach, state=MemoryState()))
    try:
        await fake.wait_connected(2)  # the fake's /gateway/bot recommends two shards
        payload = events.interaction(fake, "command_ask_guild.json")
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.wait_for(lambda r: r.path == events.callback_path(payload))
        assert fake.matching(lambda r: r.path == "/gateway/bot")
        assert bot.client.shard_count == 2
    finally:
        await bot.stop()
    assert bot.client.is_closed()


async def test_stop_closes_and_detaches(runtime: DiscordRuntime) -> None:
    await runtime.stop()
    assert runtime.client.is_closed()
    assert runtime.client.afterview is None


async def test_sharded_bot_connects_to_the_configured_gateway(
    fake: FakeDiscord, coach: Coach
) -> None:
    fake.advertised_gateway = "ws://127.0.0.1:9/not-this-one"  # what Discord itself would name
    bot = DiscordRuntime(config_for(fake, sharded=True))
    await bot.start(Core(coach=coach, state=MemoryState()))
    try:
        await fake.wait_connected(2)
        assert bot.client.shard_count == 2
    finally:
        await bot.stop()
