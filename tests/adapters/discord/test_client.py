"""client: intents, mentions off, DMs to the coach, other messages ignored, early requests."""

from __future__ import annotations

import logging

import pytest

from adapters.discord import DiscordRuntime
from adapters.discord.client import (
    STARTING,
    UNKNOWN_CONTROL,
    AfterviewClient,
    ShardedAfterviewClient,
    intents,
    make_client,
)
from adapters.discord.config import DiscordConfig
from bot.core.coach import Coach
from bot.core.messages import Reply, Request
from tests.adapters.discord import events
from tests.adapters.discord.conftest import config_for
from tests.adapters.discord.fake_discord import BOT_USER_ID, FakeDiscord


def test_intents_are_minimal_and_unprivileged() -> None:
    wanted = intents()
    assert wanted.dm_messages
    assert wanted.guilds
    assert not wanted.message_content
    assert not wanted.members
    assert not wanted.presences
    assert not wanted.guild_messages


def test_mentions_are_off_on_the_client() -> None:
    client = AfterviewClient()
    assert client.allowed_mentions is not None
    assert dict(client.allowed_mentions.to_dict()) == {"parse": []}


def test_sharding_when_configured() -> None:
    plain = make_client(DiscordConfig(token="t"))
    sharded = make_client(DiscordConfig(token="t", sharded=True, shard_count=3))
    assert type(plain) is AfterviewClient
    assert isinstance(sharded, ShardedAfterviewClient)
    assert sharded.shard_count == 3


async def test_dm_text_goes_to_the_coach_as_free_text(
    runtime: DiscordRuntime, fake: FakeDiscord, coach: Coach
) -> None:
    seen: list[Request] = []
    original = coach.handle

    def spy(request: Request) -> Reply:
        seen.append(request)
        return original(request)

    coach.handle = spy  # type: ignore[method-assign]
    await fake.dispatch("MESSAGE_CREATE", events.dm_message(fake, "help"))
    channel = events.load("message_create_dm.json")["channel_id"]
    hit = await fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")
    assert "Afterview" in hit.body["embeds"][0]["title"]
    [request] = seen
    assert request.command is None
    assert request.text == "help"
    assert request.who.user == str(events.USER_ID)


async def test_bots_and_server_messages_are_ignored(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    from_bot = events.dm_message(fake, "is it okay?", user_id=BOT_USER_ID)
    from_bot["author"]["bot"] = True
    in_server = events.dm_message(fake, "is it okay to add my interviewer?")
    in_server["guild_id"] = "1200000000000000201"
    empty = events.dm_message(fake, "   ")
    for payload in (from_bot, in_server, empty):
        await fake.dispatch("MESSAGE_CREATE", payload)
    # A marker DM afterwards: once it is answered, the earlier events were handled too.
    await fake.dispatch("MESSAGE_CREATE", events.dm_message(fake, "help"))
    await fake.wait_for(lambda r: r.path.endswith("/messages"))
    assert len(fake.matching(lambda r: r.path.endswith("/messages"))) == 1


async def test_a_command_before_the_core_is_attached_is_answered(fake: FakeDiscord) -> None:
    bot = DiscordRuntime(config_for(fake))
    from adapters.discord.endpoints import use_endpoints

    use_endpoints(bot.config)
    await bot.client.login("fake-token")  # no gateway: the event is fed to the state
    try:
        payload = events.interaction(fake, "command_ask_guild.json")
        bot.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
        assert hit.body["data"]["content"] == STARTING
        assert hit.body["data"]["flags"] & 64
    finally:
        await bot.client.close()


async def test_a_click_on_a_foreign_component_gets_an_answer(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    message = events.load("component_button_dm.json")["message"]
    message["components"][0]["components"][0]["custom_id"] = "from-another-version"
    payload = events.click(fake, message, "from-another-version")
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["data"]["content"] == UNKNOWN_CONTROL
    assert hit.body["data"]["flags"] & 64
    assert len(fake.matching(lambda r: r.path.endswith("/callback"))) == 1


def test_the_voice_library_notice_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    from adapters.discord.client import make_client

    make_client(DiscordConfig(token="t"))
    with caplog.at_level(logging.WARNING, logger="discord.client"):
        logging.getLogger("discord.client").warning(
            "PyNaCl is not installed, voice will NOT be supported"
        )
        logging.getLogger("discord.client").warning("something else")
    assert [r.getMessage() for r in caplog.records] == ["something else"]
