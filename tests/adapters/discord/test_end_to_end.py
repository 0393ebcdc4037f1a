"""The Discord adapter on the real core: Services on a SQLite file, the seconds-scale plan,
the real discord.py client against the fake Discord.

Register an interview with /interviewed, get the nudge by DM with buttons, click after a
restart, refuse another user's click, and handle closed DMs once.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.discord import DiscordRuntime
from bot.core.messages import Identity
from bot.core.ports import Core
from bot.db.models import Unreachable
from bot.services import Services
from tests.adapters.discord import events
from tests.adapters.discord.conftest import config_for, eventually
from tests.adapters.discord.fake_discord import FakeDiscord, Recorded
from tests.nudge_support import settings_for


class Bot:
    """Services plus a Discord runtime that can be restarted, as `afterview run` wires them."""

    def __init__(self, fake: FakeDiscord, services: Services) -> None:
        self.fake = fake
        self.services = services
        self.runtime: DiscordRuntime | None = None
        self.starts = 0

    async def start(self) -> DiscordRuntime:
        runtime = DiscordRuntime(config_for(self.fake))
        self.services.add_notifier(runtime.notifier)
        await runtime.start(Core(coach=self.services.coach, state=self.services.state))
        self.starts += 1
        await self.fake.wait_connected(self.starts)
        self.runtime = runtime
        return runtime

    async def restart(self) -> DiscordRuntime:
        assert self.runtime is not None
        await self.runtime.stop()
        connected = len(self.fake.matching(lambda r: r.path == "/users/@me"))
        runtime = await self.start()
        assert len(self.fake.matching(lambda r: r.path == "/users/@me")) == connected + 1
        return runtime

    async def command(
        self, name: str, options: dict[str, str], *, user_id: int = events.USER_ID
    ) -> dict[str, Any]:
        """Run a slash command in a DM and return the body of its first response."""
        payload = events.interaction(
            self.fake, "command_interviewed_dm.json", user_id=user_id, options=options
        )
        payload["data"]["name"] = name
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        hit = await self.fake.wait_for(lambda r: r.path == events.callback_path(payload))
        assert hit.status == 200
        body: dict[str, Any] = hit.body
        return body

    async def click(self, message: dict[str, Any], custom_id: str, user_id: int) -> Recorded:
        payload = events.click(self.fake, message, custom_id, user_id=user_id)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await self.fake.wait_for(lambda r: r.path == events.callback_path(payload))


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Bot]:
    services = Services.build(settings_for(f"sqlite:///{tmp_path / 'afterview.db'}"))
    wired = Bot(fake, services)
    await wired.start()
    await services.start()
    try:
        yield wired
    finally:
        if wired.runtime is not None:
            await wired.runtime.stop()
        await services.stop()
        services.close()


async def _register(bot: Bot, user_id: int = events.USER_ID) -> dict[str, Any]:
    """Settings that allow any hour, then an interview a minute ago: its nudge is due now."""
    await bot.command("settings", {"quiet_hours": "off", "weekends": "on"}, user_id=user_id)
    return await bot.command(
        "interviewed",
        {"company": "Acme @everyone", "when": "1 minute ago", "interviewer": "Dana Lee"},
        user_id=user_id,
    )


async def _nudge(fake: FakeDiscord, user_id: int = events.USER_ID) -> Recorded:
    """The first nudge DM that reached the fake for this user."""
    await fake.wait_for(lambda r: r.path == "/users/@me/channels")
    return await fake.wait_for(
        lambda r: (
            r.method == "POST"
            and r.path == f"/channels/{fake.dm_channels.get(user_id)}/messages"
            and r.status == 200
        )
    )


async def test_register_then_nudge_then_click_after_a_restart(bot: Bot, fake: FakeDiscord) -> None:
    registered = await _register(bot)
    assert registered["type"] == 4
    assert registered["data"]["flags"] & 64
    assert registered["data"]["allowed_mentions"] == {"parse": []}
    shown = json.dumps(registered["data"]["embeds"], ensure_ascii=False)
    assert "Acme @\u200beveryone" in registered["data"]["embeds"][0]["title"]
    assert "@everyone" not in shown

    nudge = await _nudge(fake)
    assert nudge.body["allowed_mentions"] == {"parse": []}
    assert nudge.body["enforce_nonce"] is True
    assert 0 < len(nudge.body["nonce"]) <= 25
    [done] = [c for c in events.custom_ids(nudge.body) if c.startswith("av:b:nudge.done:")]
    message = fake.messages[fake.dm_channels[events.USER_ID]][0]

    await bot.restart()
    hit = await bot.click(message, done, events.USER_ID)
    assert hit.status == 200
    assert hit.body["type"] == 7  # the nudge message is replaced by the answer
    assert "marked done" in hit.body["data"]["embeds"][0]["title"]


async def test_snoozing_from_the_nudges_menu(bot: Bot, fake: FakeDiscord) -> None:
    await _register(bot)
    nudge = await _nudge(fake)
    assert "av:m:nudge.snooze" in events.custom_ids(nudge.body)
    menu = next(
        item
        for row in nudge.body["components"]
        for item in row["components"]
        if item["custom_id"] == "av:m:nudge.snooze"
    )
    choice = menu["options"][0]["value"]
    message = fake.messages[fake.dm_channels[events.USER_ID]][0]
    payload = events.click(
        fake, message, "av:m:nudge.snooze", values=[choice], name="component_menu_dm.json"
    )
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["type"] == 7
    assert hit.body["data"]["embeds"][0]["title"].startswith("Snoozed")
    assert hit.body["data"]["components"] == []


async def test_a_click_on_another_users_nudge_is_refused(bot: Bot, fake: FakeDiscord) -> None:
    await _register(bot)
    nudge = await _nudge(fake)
    [done] = [c for c in events.custom_ids(nudge.body) if c.startswith("av:b:nudge.done:")]
    message = fake.messages[fake.dm_channels[events.USER_ID]][0]

    nudge_id = int(done.rsplit(":", 1)[1])
    owner = Identity("discord", "discord", str(events.USER_ID))

    def state() -> str:
        [interview] = bot.services.tracker.interviews(owner)
        return next(n.state for n in interview.nudges if n.id == nudge_id)

    hit = await bot.click(message, done, events.OTHER_USER_ID)
    assert hit.status == 200
    assert "couldn't find" in hit.body["data"]["embeds"][0]["title"]
    assert state() in ("sending", "sent")  # the owner's nudge is untouched
    hit = await bot.click(message, done, events.USER_ID)
    assert "marked done" in hit.body["data"]["embeds"][0]["title"]
    assert state() == "done"


async def test_closed_dms_are_tried_once_and_the_user_is_told(bot: Bot, fake: FakeDiscord) -> None:
    fake.behaviour.closed_dms.add(events.USER_ID)
    await _register(bot)
    refused = await fake.wait_for(lambda r: r.path.endswith("/messages") and r.status == 403)
    assert refused.body["allowed_mentions"] == {"parse": []}
    await eventually(lambda: _marked_unreachable(bot.services))
    assert bot.runtime is not None
    assert bot.runtime.discord_notifier.dms_closed(str(events.USER_ID))

    listed = await bot.command("nudges", {})
    assert listed["data"]["flags"] & 64
    heads_up = listed["data"]["embeds"][0]["description"]
    assert "couldn't DM you" in heads_up
    forbidden = fake.matching(lambda r: r.status == 403)
    assert len(forbidden) <= 2  # at most one more try, after the user was told; never a loop


def _marked_unreachable(services: Services) -> bool:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Unreachable)) == 1


async def test_a_dm_question_gets_the_advisors_answer(bot: Bot, fake: FakeDiscord) -> None:
    question = "is it okay to add my interviewer on LinkedIn?"
    await fake.dispatch("MESSAGE_CREATE", events.dm_message(fake, question))
    channel = events.load("message_create_dm.json")["channel_id"]
    hit = await fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")
    expected = bot.services.coach.advisor.advise(question)
    embed = hit.body["embeds"][0]
    assert hit.body["allowed_mentions"] == {"parse": []}
    from adapters.discord.render import VERDICT_COLOURS

    assert embed["color"] == VERDICT_COLOURS[expected.verdict]
