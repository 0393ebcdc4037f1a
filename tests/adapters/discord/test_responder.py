"""responder: answered in time (deferred when the core is slow), ephemeral, clicks in place."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from adapters.discord import DiscordRuntime
from adapters.discord.responder import Responder
from bot.core.coach import Coach, Command
from bot.core.messages import (
    Action,
    Advice,
    Button,
    Choice,
    Identity,
    Menu,
    Reply,
    Request,
    Verdict,
)
from bot.core.ports import Core, Delivery
from tests.adapters.discord import events
from tests.adapters.discord.conftest import ErrorLog, MemoryState, config_for, watching
from tests.adapters.discord.fake_discord import FakeDiscord

SLOW = 0.3
"""How long the slow stand-in command takes; the test lowers the defer threshold below it."""


@pytest.fixture
def clicks(coach: Coach) -> list[Request]:
    """A stand-in for the core's nudge actions: records the click, answers with a new button."""
    requests: list[Request] = []

    def on_nudge(request: Request, action: Action) -> Reply:
        requests.append(request)
        return Reply(
            text=f"Marked {action.action_id} {action.value} @everyone",
            controls=(Button("Undo", "nudge.undo", action.value),),
        )

    coach.on_action("nudge", on_nudge)
    return requests


def _responder(runtime: DiscordRuntime) -> Responder:
    responder = runtime.client.afterview
    assert responder is not None
    return responder


async def _nudge_message(runtime: DiscordRuntime, fake: FakeDiscord) -> dict[str, Any]:
    """A nudge DM as Discord stored it, with our buttons on it."""
    reply = Reply(text="Send a thank-you note", controls=(Button("Done", "nudge.done", "7"),))
    who = Identity("discord", "discord", str(events.USER_ID))
    await runtime.notifier.send(Delivery(nudge_id=7, recipient=who, reply=reply, key="n7"))
    channel = fake.dm_channels[events.USER_ID]
    return fake.messages[channel][-1]


async def test_a_slow_core_is_deferred_then_followed_up(
    runtime: DiscordRuntime, fake: FakeDiscord, coach: Coach
) -> None:
    def slow(request: Request, rest: str) -> Reply:
        time.sleep(SLOW)
        return Reply(text=f"registered {request.fields['company']}")

    coach.register(Command(name="interviewed", usage="", summary="", handler=slow))
    _responder(runtime).defer_after = SLOW / 10
    payload = events.interaction(fake, "command_interviewed_dm.json")
    await fake.dispatch("INTERACTION_CREATE", payload)
    follow = await fake.wait_for(lambda r: r.path == events.followup_path(payload))
    first = fake.matching(lambda r: r.path == events.callback_path(payload))
    assert [r.body["type"] for r in first] == [5]  # deferred, "thinking"
    assert first[0].body["data"]["flags"] & 64
    assert first[0].status == 200
    assert follow.body["flags"] & 64
    assert follow.body["allowed_mentions"] == {"parse": []}
    assert follow.body["embeds"][0]["title"].startswith("registered Acme")


async def test_a_click_in_a_dm_replaces_the_message(
    runtime: DiscordRuntime, fake: FakeDiscord, clicks: list[Request]
) -> None:
    message = await _nudge_message(runtime, fake)
    payload = events.click(fake, message, "av:b:nudge.done:7")
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["type"] == 7  # update the clicked message
    assert hit.body["data"]["allowed_mentions"] == {"parse": []}
    assert hit.body["data"]["embeds"][0]["title"] == "Marked nudge.done 7 @\u200beveryone"
    assert events.custom_ids(hit.body["data"]) == ["av:b:nudge.undo:7"]
    [request] = clicks
    assert request.action == Action("nudge.done", "7")
    assert request.who.user == str(events.USER_ID)


async def test_a_slow_click_is_deferred_then_edited(
    runtime: DiscordRuntime, fake: FakeDiscord, coach: Coach
) -> None:
    def slow(request: Request, action: Action) -> Reply:
        time.sleep(SLOW)
        return Reply(text="done slowly")

    coach.on_action("nudge", slow)
    message = await _nudge_message(runtime, fake)
    _responder(runtime).defer_after = SLOW / 10
    payload = events.click(fake, message, "av:b:nudge.done:7")
    await fake.dispatch("INTERACTION_CREATE", payload)
    edit = await fake.wait_for(
        lambda r: r.method == "PATCH" and r.path.startswith(events.followup_path(payload))
    )
    assert edit.path.endswith("/messages/@original")
    [first] = fake.matching(lambda r: r.path == events.callback_path(payload))
    assert first.body["type"] == 6  # deferred update of the clicked message
    assert edit.body["embeds"][0]["title"] == "done slowly"
    assert edit.body["components"] == []


async def test_a_click_on_a_public_message_answers_privately(
    runtime: DiscordRuntime, fake: FakeDiscord, clicks: list[Request]
) -> None:
    message = await _nudge_message(runtime, fake)
    payload = events.click(fake, message, "av:b:nudge.done:7", name="component_button_dm.json")
    guild = events.load("command_ask_guild.json")
    for key in ("guild_id", "guild", "member", "context", "channel", "channel_id"):
        payload[key] = guild[key]
    payload.pop("user")
    payload["member"]["user"]["id"] = str(events.USER_ID)
    payload["message"]["channel_id"] = guild["channel_id"]
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["type"] == 4  # a new message, not an edit of the shared one
    assert hit.body["data"]["flags"] & 64


async def test_an_interaction_that_expired_in_transit_is_a_warning(
    runtime: DiscordRuntime, fake: FakeDiscord, error_log: ErrorLog
) -> None:
    fake.behaviour.window = 0.0  # as if the gateway delivered it too late
    payload = events.interaction(fake, "command_ask_guild.json")
    with watching("expired before it was answered") as warned:
        await fake.dispatch("INTERACTION_CREATE", payload)
        hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
        await warned.wait()
    assert hit.status == 404
    assert hit.body["type"] == 4
    assert error_log.records == []


async def test_a_user_who_talks_to_the_bot_gets_dms_retried(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    fake.behaviour.closed_dms.add(events.USER_ID)
    notifier = runtime.discord_notifier
    reply = Reply(text="nudge")
    who = Identity("discord", "discord", str(events.USER_ID))
    delivery = Delivery(nudge_id=1, recipient=who, reply=reply, key="n1")
    with pytest.raises(Exception, match="50007"):
        await notifier.send(delivery)
    assert notifier.dms_closed(str(events.USER_ID))
    payload = events.interaction(fake, "command_ask_guild.json")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert not notifier.dms_closed(str(events.USER_ID))


async def test_a_dm_to_the_bot_is_a_question(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    await fake.dispatch("MESSAGE_CREATE", events.dm_message(fake, "is it okay to send flowers?"))
    channel = events.load("message_create_dm.json")["channel_id"]
    hit = await fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")
    assert hit.body["allowed_mentions"] == {"parse": []}
    assert hit.body["embeds"][0]["title"].startswith("⚠️ Careful")


async def test_a_menu_pick_comes_back_as_the_action(
    runtime: DiscordRuntime, fake: FakeDiscord, clicks: list[Request]
) -> None:
    reply = Reply(
        text="Send a thank-you note",
        controls=(
            Menu("Snooze", "nudge.snooze", (Choice("1 hour", "7:1h"), Choice("Tomorrow", "7:t"))),
        ),
    )
    who = Identity("discord", "discord", str(events.USER_ID))
    await runtime.notifier.send(Delivery(nudge_id=7, recipient=who, reply=reply, key="m7"))
    message = fake.messages[fake.dm_channels[events.USER_ID]][-1]
    payload = events.click(
        fake, message, "av:m:nudge.snooze", values=["7:t"], name="component_menu_dm.json"
    )
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["type"] == 7
    [request] = clicks
    assert request.action == Action("nudge.snooze", "7:t")


async def test_a_click_on_a_control_we_no_longer_know_is_answered(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    message = await _nudge_message(runtime, fake)  # no handler for "nudge" in this test
    payload = events.click(fake, message, "av:b:nudge.done:7")
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.body["type"] == 7
    assert "no longer valid" in hit.body["data"]["embeds"][0]["title"]


class _ThreadNoting:
    """An advisor that notes which thread asked it."""

    def __init__(self, in_memory: bool) -> None:
        self.in_memory = in_memory
        self.threads: list[str] = []

    def advise(self, question: str) -> Advice:
        self.threads.append(threading.current_thread().name)
        return Advice(question, Verdict.OK, "fixed", "Because.", "Go ahead.", 1.0, title="Yes")


@pytest.mark.parametrize("in_memory", [True, False])
async def test_ask_runs_on_the_event_loop_only_when_the_core_answers_from_memory(
    fake: FakeDiscord, in_memory: bool
) -> None:
    advisor = _ThreadNoting(in_memory)
    bot = DiscordRuntime(config_for(fake))
    await bot.start(Core(coach=Coach(advisor), state=MemoryState()))
    await fake.wait_connected()
    try:
        payload = events.interaction(fake, "command_ask_guild.json", options={"question": "q?"})
        await fake.dispatch("INTERACTION_CREATE", payload)
        answer = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    finally:
        await bot.stop()
    assert answer.body["data"]["embeds"][0]["title"].endswith("Yes")
    on_loop = advisor.threads == [threading.current_thread().name]
    assert on_loop is in_memory
