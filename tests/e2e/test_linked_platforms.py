"""One job hunt across Slack and Discord, through the real slack-bolt and discord.py code paths
against the fakes: register on Slack, link Discord, get the nudge as a Discord DM with working
buttons, snooze there, get it again on Discord; Slack's App Home shows the Discord-side state.
Exports arrive as private files on both; an uninstall removes the workspace's data."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import icalendar
import pytest

from adapters.discord import DiscordRuntime
from bot.core.messages import Identity
from bot.core.ports import Core
from bot.services import Services
from tests.adapters.discord import events
from tests.adapters.discord.conftest import config_for
from tests.adapters.discord.fake_discord import FakeDiscord, Recorded
from tests.adapters.slack.conftest import ServedApp, command_reply, serving
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.signing import payload
from tests.nudge_support import Clock, build_services

SLACK_USER = Identity("slack", "T0TEAM001", "U0SEEKER1")
DISCORD_USER = Identity("discord", "discord", str(events.USER_ID))


@dataclass
class World:
    services: Services
    clock: Clock
    slack: ServedApp
    discord_fake: FakeDiscord
    discord: DiscordRuntime

    async def discord_command(self, name: str, options: dict[str, str]) -> Recorded:
        interaction = events.interaction(
            self.discord_fake, "command_interviewed_dm.json", options=options
        )
        interaction["data"]["name"] = name
        await self.discord_fake.dispatch("INTERACTION_CREATE", interaction)
        return await self.discord_fake.wait_for(
            lambda r: r.path == events.callback_path(interaction)
        )

    def discord_dms(self) -> list[Recorded]:
        channel = self.discord_fake.dm_channels.get(events.USER_ID)
        return self.discord_fake.matching(
            lambda r: r.method == "POST" and r.path == f"/channels/{channel}/messages"
        )


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    clock = Clock()  # Wednesday 18 Nov 2026, 12:00 UTC
    services = build_services(f"sqlite:///{tmp_path / 'afterview.db'}", clock=clock)
    fake_slack, fake_discord = FakeSlack(), FakeDiscord()
    await fake_slack.start()
    await fake_discord.start()
    runtime = DiscordRuntime(config_for(fake_discord))
    try:
        async with serving(
            fake_slack, services.state, services.coach, privacy=services.privacy
        ) as slack:
            services.add_notifier(slack.runtime.notifier)
            services.add_notifier(runtime.notifier)
            await runtime.start(Core(services.coach, services.state, services.privacy))
            await fake_discord.wait_connected()
            await services.start()
            yield World(services, clock, slack, fake_discord, runtime)
    finally:
        await runtime.stop()
        await services.stop()
        services.close()
        await fake_discord.stop()
        await fake_slack.stop()
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


async def linked(world: World) -> None:
    """Register on Slack, then link Discord with the code Slack gave."""
    await command_reply(world.slack, "settings quiet off", command="/afterview")
    await command_reply(world.slack, "settings weekends on", command="/afterview")
    body = await command_reply(world.slack, "Acme today 12:00 with Dana Lee")
    assert "Acme" in body["text"]
    shown = json.dumps(await command_reply(world.slack, "link", command="/afterview"))
    code = shown.split("Your link code: ")[1][:9]
    answer = await world.discord_command("link", {"code": code})
    assert "Linked" in json.dumps(answer.body)
    assert answer.body["data"]["flags"] & 64


async def test_registered_on_slack_nudged_and_snoozed_on_discord(world: World) -> None:
    await linked(world)
    chosen = await world.discord_command("settings", {"nudges": "discord"})
    assert "Nudges now go to Discord" in json.dumps(chosen.body)

    world.clock.advance(timedelta(seconds=3))  # the thank-you step is due 2 s after
    assert world.services.scheduler is not None
    world.services.scheduler.wake_now()
    first = await world.discord_fake.wait_for(
        lambda r: r.method == "POST" and r.path.startswith("/channels/") and r.status == 200
    )
    assert "thank-you" in json.dumps(first.body).lower()
    assert first.body["allowed_mentions"] == {"parse": []}
    assert world.slack.fake.calls_to("chat.postMessage") == []  # nothing went to Slack

    menu = next(
        item
        for row in first.body["components"]
        for item in row["components"]
        if item["custom_id"] == "av:m:nudge.snooze"
    )
    [twenty] = [o["value"] for o in menu["options"] if o["value"].endswith(":20m")]
    message = world.discord_fake.messages[world.discord_fake.dm_channels[events.USER_ID]][0]
    click = events.click(
        world.discord_fake,
        message,
        "av:m:nudge.snooze",
        values=[twenty],
        name="component_menu_dm.json",
    )
    await world.discord_fake.dispatch("INTERACTION_CREATE", click)
    snoozed = await world.discord_fake.wait_for(lambda r: r.path == events.callback_path(click))
    assert snoozed.body["data"]["embeds"][0]["title"].startswith("Snoozed")

    await world.slack.sender.event(payload("event_app_home_opened"))
    [home] = await world.slack.fake.wait_for("views.publish")
    view = json.dumps(home.params["view"])
    assert "Nudges go to: Discord" in view
    assert "12:20" in view  # the nudge as snoozed on Discord

    world.clock.advance(timedelta(minutes=20, seconds=1))
    world.services.scheduler.wake_now()
    await world.discord_fake.wait_for(lambda r: len(world.discord_dms()) >= 2)
    again = world.discord_dms()
    assert len(again) == 2
    assert "thank-you" in json.dumps(again[1].body).lower()
    assert world.slack.fake.calls_to("chat.postMessage") == []


async def test_exports_arrive_as_private_files_on_both_platforms(world: World) -> None:
    await linked(world)
    await command_reply(world.slack, "export", command="/afterview")
    [complete] = await world.slack.fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == f"D{SLACK_USER.user}"  # the user's own DM
    uploads = world.slack.fake.uploads
    assert len(uploads) == 2
    exported = [json.loads(b) for b in uploads.values() if b.startswith(b"{")]
    assert exported[0]["interviews"][0]["interviewers"] == ["Dana Lee"]
    assert {i["platform"] for i in exported[0]["identities"]} == {"slack", "discord"}

    answer = await world.discord_command("export", {})
    assert answer.body["data"]["flags"] & 64
    followup = await world.discord_fake.wait_for(lambda r: bool(r.files))
    assert followup.body["flags"] & 64  # ephemeral
    by_kind = {name.rsplit(".", 1)[1]: data for name, data in followup.files.items()}
    assert sorted(by_kind) == ["ics", "json"]
    assert json.loads(by_kind["json"])["interviews"][0]["company"] == "Acme"
    calendar = icalendar.Calendar.from_ical(by_kind["ics"])
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Follow-up reminder"}
    assert b"Acme" not in by_kind["ics"]


async def test_an_uninstalled_workspace_keeps_nothing(world: World) -> None:
    body = await command_reply(world.slack, "Acme today 12:00 with Dana Lee")
    assert "Acme" in body["text"]
    event: dict[str, Any] = {
        "token": "verification",
        "team_id": SLACK_USER.workspace,
        "api_app_id": "A0AFTERVW",
        "event": {"type": "app_uninstalled", "event_ts": "1700000000.000100"},
        "type": "event_callback",
        "event_id": "Ev0UNINSTALL1",
        "event_time": 1700000000,
    }
    answer = await world.slack.sender.event(event)
    assert answer.status == 200
    assert world.services.tracker.interviews(SLACK_USER) == []
    assert world.services.accounts.linked(SLACK_USER) == (SLACK_USER,)
    with world.services.sessions() as session:
        from sqlalchemy import func, select

        from bot.db.models import Interview, Nudge, User

        for table in (User, Interview, Nudge):
            assert session.scalar(select(func.count()).select_from(table)) == 0
