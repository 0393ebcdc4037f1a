"""Forms as Discord modals through real discord.py: `/review` and an empty `/interviewed`
answer with a modal (callback type 9); its submission (interaction type 5) is answered
ephemerally, with mentions off, by the real core on a SQLite file."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import DiscordRuntime
from bot.core.messages import Identity
from bot.core.ports import Core
from bot.services import Services
from tests.adapters.discord import events
from tests.adapters.discord.conftest import config_for
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services

WHO = Identity("discord", "discord", str(events.USER_ID))


@pytest.fixture
async def services(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Services]:
    built = build_services(
        f"sqlite:///{tmp_path / 'afterview.db'}", plan=SHIPPED_PLAN, clock=Clock()
    )
    runtime = DiscordRuntime(config_for(fake))
    await runtime.start(Core(coach=built.coach, state=built.state))
    await fake.wait_connected()
    try:
        yield built
    finally:
        await runtime.stop()
        built.close()


async def first_response(fake: FakeDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    await fake.dispatch("INTERACTION_CREATE", payload)
    hit = await fake.wait_for(lambda r: r.path == events.callback_path(payload))
    assert hit.status == 200
    body: dict[str, Any] = hit.body
    return body


async def slash(fake: FakeDiscord, name: str, options: dict[str, str]) -> dict[str, Any]:
    payload = events.interaction(fake, "command_interviewed_dm.json", options=options)
    payload["data"]["name"] = name
    return await first_response(fake, payload)


def text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for row in modal["components"] for item in row["components"]]


def assert_private_and_mute(body: dict[str, Any]) -> None:
    assert body["type"] == 4
    assert body["data"]["flags"] & 64  # ephemeral
    assert body["data"]["allowed_mentions"] == {"parse": []}


async def test_review_opens_a_paragraph_modal_and_answers_ephemerally(
    fake: FakeDiscord, services: Services
) -> None:
    opened = await slash(fake, "review", {})
    assert opened["type"] == 9
    modal = opened["data"]
    assert modal["title"] == "Review my note"
    [note] = text_inputs(modal)
    assert (note["type"], note["style"], note["required"]) == (4, 2, True)
    assert note["max_length"] == 4000
    hostile = "hey Dana!! thx for the chat lol @everyone <@&123456789012345678>"
    submit = events.modal_submit(fake, modal["custom_id"], {note["custom_id"]: hostile})
    answered = await first_response(fake, submit)
    assert_private_and_mute(answered)
    shown = json.dumps(answered["data"]["embeds"], ensure_ascii=False)
    assert "“lol”" in shown
    assert "@everyone" not in shown


async def test_interviewed_alone_opens_a_modal_whose_answer_registers(
    fake: FakeDiscord, services: Services
) -> None:
    opened = await slash(fake, "interviewed", {})
    assert opened["type"] == 9
    inputs = {i["custom_id"]: i for i in text_inputs(opened["data"])}
    assert [i["label"] for i in inputs.values()] == [
        "Company",
        "Day",
        "Time",
        "Interviewers",
        "Role",
    ]
    assert [i["required"] for i in inputs.values()] == [True, True, True, False, False]
    assert inputs["av.date"]["value"] == "2026-11-18"  # today, filled in
    submit = events.modal_submit(
        fake,
        opened["data"]["custom_id"],
        {
            "av.company": "Acme @everyone",
            "av.date": "yesterday",
            "av.time": "3pm",
            "av.interviewer": "Dana Lee",
            "av.role": "",
        },
    )
    answered = await first_response(fake, submit)
    assert_private_and_mute(answered)
    assert answered["data"]["embeds"][0]["title"].startswith("Got it")
    assert "@everyone" not in json.dumps(answered["data"]["embeds"])
    [interview] = services.tracker.interviews(WHO)
    assert (interview.company, interview.interviewers, interview.role) == (
        "Acme @everyone",
        ("Dana Lee",),
        None,
    )


async def test_a_wrong_time_in_the_modal_is_answered_and_nothing_is_stored(
    fake: FakeDiscord, services: Services
) -> None:
    opened = await slash(fake, "interviewed", {})
    submit = events.modal_submit(
        fake,
        opened["data"]["custom_id"],
        {"av.company": "Acme", "av.date": "2024-01-02", "av.time": "10:00"},
    )
    answered = await first_response(fake, submit)
    assert_private_and_mute(answered)
    assert "year" in json.dumps(answered["data"]["embeds"])
    assert services.tracker.interviews(WHO) == []


async def test_interviewed_with_options_still_answers_at_once(
    fake: FakeDiscord, services: Services
) -> None:
    answered = await slash(fake, "interviewed", {"company": "Globex", "when": "yesterday 10am"})
    assert_private_and_mute(answered)
    assert [i.company for i in services.tracker.interviews(WHO)] == ["Globex"]
