"""sync_commands: registers our commands globally or in one server, on request."""

from __future__ import annotations

from adapters.discord.commands import COMMAND_NAMES
from adapters.discord.sync import sync_commands
from tests.adapters.discord.conftest import config_for
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord


async def test_global_sync(fake: FakeDiscord) -> None:
    names = await sync_commands(config_for(fake))
    assert tuple(names) == COMMAND_NAMES
    [put] = fake.matching(lambda r: r.method == "PUT")
    assert put.path == f"/applications/{APP_ID}/commands"
    assert [c["name"] for c in put.body] == list(COMMAND_NAMES)
    settings = next(c for c in put.body if c["name"] == "settings")
    timezone = next(o for o in settings["options"] if o["name"] == "timezone")
    assert timezone["autocomplete"] is True
    interviewed = next(c for c in put.body if c["name"] == "interviewed")
    required = {o["name"]: o.get("required", False) for o in interviewed["options"]}
    assert required == {"company": True, "when": True, "interviewer": False, "role": False}
    assert [o["name"] for o in interviewed["options"]][:2] == ["company", "when"]


async def test_guild_sync(fake: FakeDiscord) -> None:
    guild = 1_200_000_000_000_000_201
    names = await sync_commands(config_for(fake, guild_id=guild))
    assert tuple(names) == COMMAND_NAMES
    [put] = fake.matching(lambda r: r.method == "PUT")
    assert put.path == f"/applications/{APP_ID}/guilds/{guild}/commands"
    assert fake.matching(lambda r: r.path == "/gateway/bot") == []  # no gateway needed
