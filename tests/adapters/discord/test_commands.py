"""commands: each slash command, with its options, reaches the core as the right Request."""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest

from adapters.discord import DiscordRuntime
from adapters.discord.commands import (
    COMMAND_NAMES,
    MAX_CHOICES,
    build_tree,
    timezone_choices,
)
from bot.core.coach import Coach, Command
from bot.core.messages import Reply, Request, Section
from tests.adapters.discord import events
from tests.adapters.discord.fake_discord import FakeDiscord


@pytest.fixture
def seen(coach: Coach) -> list[Request]:
    """Stand-ins for the core's interview commands that record what they were asked."""
    requests: list[Request] = []

    def record(request: Request, rest: str) -> Reply:
        requests.append(request)
        return Reply(text=f"got {request.command}: {rest}")

    for name in ("interviewed", "list", "outcome", "settings", "forget-me"):
        coach.register(Command(name=name, usage=name, summary="test", handler=record))
    return requests


async def _run(fake: FakeDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.status == 200
    body: dict[str, Any] = hit.body
    return body


def test_the_tree_has_our_commands_everywhere() -> None:
    client = discord.Client(intents=discord.Intents.none())

    async def answer(*_: Any) -> None:
        return None

    tree = build_tree(client, answer)
    payloads = [c.to_dict(tree) for c in tree.get_commands()]
    assert tuple(p["name"] for p in payloads) == COMMAND_NAMES
    for payload in payloads:
        assert sorted(payload["contexts"]) == [0, 1, 2]  # server, bot DM, private channel
        assert sorted(payload["integration_types"]) == [0, 1]  # server and user installs


def test_timezone_choices() -> None:
    names = [c.value for c in timezone_choices("paris")]
    assert names == ["Europe/Paris"]
    prefix_first = [c.value for c in timezone_choices("america/n")]
    assert prefix_first[0].startswith("America/N")
    assert len(timezone_choices("")) == MAX_CHOICES
    assert timezone_choices("no such zone") == []


async def test_interviewed_with_options_in_a_dm(
    runtime: DiscordRuntime, fake: FakeDiscord, seen: list[Request]
) -> None:
    body = await _run(fake, events.interaction(fake, "command_interviewed_dm.json"))
    assert body["type"] == 4
    assert body["data"]["flags"] & 64
    assert body["data"]["allowed_mentions"] == {"parse": []}
    [request] = seen
    assert request.command == "interviewed"
    assert request.text == ""
    assert request.fields == {
        "company": "Acme",
        "when": "yesterday 3pm",
        "interviewer": "Dana Lee",
    }
    assert request.who.platform == "discord"
    assert request.who.user == str(events.USER_ID)


@pytest.mark.parametrize(
    ("name", "options", "command", "text"),
    [
        ("nudges", {}, "list", ""),
        ("forget-me", {}, "forget-me", ""),
        ("outcome", {"result": "rejected", "interview": "4"}, "outcome", ""),
        ("settings", {"timezone": "Europe/Paris"}, "settings", ""),
        ("interviewed", {"company": "Acme", "when": "today 2pm"}, "interviewed", ""),
    ],
)
async def test_each_command_maps_to_the_core(
    runtime: DiscordRuntime,
    fake: FakeDiscord,
    seen: list[Request],
    name: str,
    options: dict[str, str],
    command: str,
    text: str,
) -> None:
    payload = events.interaction(fake, "command_ask_guild.json", options=options)
    payload["data"]["name"] = name
    body = await _run(fake, payload)
    assert body["data"]["flags"] & 64
    [request] = seen
    assert (request.command, request.text) == (command, text)
    assert request.fields == options  # typed options reach the core as they are, never re-typed


async def test_settings_with_several_options_is_one_request_with_every_option(
    runtime: DiscordRuntime, fake: FakeDiscord, seen: list[Request]
) -> None:
    options = {"timezone": "Europe/Paris", "weekends": "off"}
    payload = events.interaction(fake, "command_ask_guild.json", options=options)
    payload["data"]["name"] = "settings"
    body = await _run(fake, payload)
    [request] = seen
    assert request.fields == options
    assert body["data"]["embeds"][0]["title"] == "got settings:"


async def test_help_and_ask_answer_in_a_server(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    help_payload = events.interaction(fake, "command_ask_guild.json", options={})
    help_payload["data"]["name"] = "help"
    body = await _run(fake, help_payload)
    assert "Afterview" in body["data"]["embeds"][0]["title"]
    ask = await _run(fake, events.interaction(fake, "command_ask_guild.json"))
    embed = ask["data"]["embeds"][0]
    assert embed["title"].startswith("⚠️ Careful")
    assert "@\u200beveryone" in embed["description"]


async def test_timezone_autocomplete(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    body = await _run(fake, events.interaction(fake, "autocomplete_settings_timezone.json"))
    assert body["type"] == 8
    assert body["data"]["choices"] == [{"name": "Europe/Paris", "value": "Europe/Paris"}]


async def test_a_command_left_over_from_an_older_registration_gets_an_answer(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    payload = events.interaction(fake, "command_ask_guild.json", options={})
    payload["data"]["name"] = "list"  # registered by an older version, gone from the tree
    body = await _run(fake, payload)
    assert body["type"] == 4
    assert body["data"]["flags"] & 64
    assert "no longer offered" in body["data"]["content"]
    assert body["data"]["allowed_mentions"] == {"parse": []}


async def test_interviewed_with_its_old_optional_options_gets_an_answer(
    runtime: DiscordRuntime, fake: FakeDiscord, seen: list[Request]
) -> None:
    # Before `afterview discord sync` Discord may still send the old form: `details` alone.
    payload = events.interaction(
        fake, "command_interviewed_dm.json", options={"details": "Acme today 2pm"}
    )
    body = await _run(fake, payload)
    assert body["type"] == 4
    assert body["data"]["flags"] & 64
    assert "has changed" in body["data"]["content"]
    assert body["data"]["allowed_mentions"] == {"parse": []}
    assert seen == []


HOSTILE = [
    "[a](b) [Click to verify](https://phish.example/login) (x)",
    "**bold** __underline__ ~~strike~~ `code` ||spoiler|| *it* _it_",
    "```py\nprint('hi')\n```",
    "# Heading\n-# subtext\n> quote\n- item\n1. item",
    "[x](<https://phish.example>) <https://a.example|masked> \\[already\\](escaped)",
    "<@123456789012345678> <@&123456789012345678> <#123456789012345678> @everyone @here",
    "<:emoji:123456789012345678> <t:1700000000:R>",
]


def _live_markup(text: str, *, lines: bool = True) -> list[str]:
    """Markup characters not preceded by an escaping backslash, and (where `text` starts
    lines) line-start markers."""
    live, escaped = [], False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "*_~`|[]<>":
            live.append(char)
    for line in text.splitlines() if lines else ():
        stripped = line.lstrip()
        if stripped[:1] in ("#", "-", "+") or (stripped.split(".")[0].isdigit() and "." in line):
            live.append(stripped[:3])
    return live


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_hostile_text_in_a_reply_is_inert_through_discord_py(
    runtime: DiscordRuntime, fake: FakeDiscord, coach: Coach, hostile: str
) -> None:
    def echo(request: Request, rest: str) -> Reply:
        return Reply(
            text=f"Registered {request.fields.get('company', '')}",
            sections=(
                Section(request.fields.get("interviewer", "")),
                Section(request.fields.get("role", "")),
            ),
        )

    coach.register(Command(name="interviewed", usage="-", summary="test", handler=echo))
    options = {"company": hostile, "when": "today 2pm", "interviewer": hostile, "role": hostile}
    payload = events.interaction(fake, "command_ask_guild.json", options=options)
    payload["data"]["name"] = "interviewed"
    body = await _run(fake, payload)
    embed = body["data"]["embeds"][0]
    title = embed["title"].removeprefix("Registered ")
    description = embed["description"]
    assert description.count("Click to verify") == 2 * ("Click to verify" in hostile)
    assert _live_markup(title, lines=False) == []
    assert _live_markup(description) == []
    assert "@everyone" not in json.dumps(embed)


async def test_help_lists_slash_commands_with_their_options(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    help_payload = events.interaction(fake, "command_ask_guild.json", options={})
    help_payload["data"]["name"] = "help"
    body = await _run(fake, help_payload)
    embed = body["data"]["embeds"][0]
    shown = embed["description"].replace("\\", "")  # as Discord shows it, escapes removed
    assert "/interviewed company when [interviewer] [role]" in shown
    assert "/outcome result [interview] [by]" in shown
    assert "/nudges" in shown
    assert body["data"]["flags"] & 64  # ephemeral


def test_core_hints_are_named_as_slash_commands() -> None:
    from adapters.discord.wording import slash_named

    assert slash_named("Type `list` to see them") == "Type `/nudges` to see them"
    assert slash_named("change it with `settings timezone Europe/Paris`.") == (
        "change it with `/settings`."
    )
    assert slash_named("or type `forget-me confirm`") == "or type `/forget-me`"
    assert slash_named("`cancel I12`") == "`cancel I12`"
