"""Forms as Discord modals through real discord.py: `/review` and the "Add interviewers and
role" button of a `/interviewed` registration answer with a modal (callback type 9); its
submission (interaction type 5) is answered ephemerally, with mentions off, by the real core on
a SQLite file."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import DiscordRuntime
from adapters.discord.forms import MODAL_TIMEOUT, OpenModals
from bot.core.messages import Identity
from bot.core.ports import Core
from bot.services import Services
from tests.adapters.discord import events
from tests.adapters.discord.conftest import config_for
from tests.adapters.discord.fake_discord import FakeDiscord, user_json
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


def clicked_message(payload: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The ephemeral reply `body` answered `payload` with, as Discord sends it back on a click."""
    return {
        "id": str(int(payload["id"]) + 1),
        "channel_id": payload["channel_id"],
        "author": user_json(1_300_000_000_000_000_002, "afterview", bot=True),
        "content": "",
        "timestamp": "2026-11-18T12:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body["data"].get("embeds", []),
        "components": body["data"].get("components", []),
        "pinned": False,
        "type": 0,
        "flags": int(body["data"].get("flags", 0)),
    }


async def register(fake: FakeDiscord, options: dict[str, str]) -> tuple[dict[str, Any], Any]:
    """`/interviewed` with `options`: the clicked-on reply and its details button's id."""
    payload = events.interaction(fake, "command_interviewed_dm.json", options=options)
    body = await first_response(fake, payload)
    assert_private_and_mute(body)
    message = clicked_message(payload, body)
    details = [c for c in events.custom_ids(message) if c.startswith("av:b:details.add:")]
    return message, details


async def open_details(
    fake: FakeDiscord, message: dict[str, Any], custom_id: str, user_id: int = events.USER_ID
) -> dict[str, Any]:
    return await first_response(fake, events.click(fake, message, custom_id, user_id=user_id))


async def test_interviewed_with_the_two_required_options_registers_and_offers_details(
    fake: FakeDiscord, services: Services
) -> None:
    message, [details] = await register(fake, {"company": "Globex", "when": "yesterday 10am"})
    assert message["embeds"][0]["title"].startswith("Got it")
    [interview] = services.tracker.interviews(WHO)
    assert (interview.company, interview.interviewers, interview.role) == ("Globex", (), None)
    assert details == f"av:b:details.add:{interview.id}"


async def test_a_complete_registration_has_no_details_button(
    fake: FakeDiscord, services: Services
) -> None:
    options = {"company": "Acme", "when": "yesterday 3pm", "interviewer": "Dana", "role": "SRE"}
    _, details = await register(fake, options)
    assert details == []
    [interview] = services.tracker.interviews(WHO)
    assert (interview.interviewers, interview.role) == (("Dana",), "SRE")


async def test_the_details_button_opens_a_modal_whose_answer_edits_the_interview(
    fake: FakeDiscord, services: Services
) -> None:
    message, [details] = await register(fake, {"company": "Globex", "when": "yesterday 10am"})
    opened = await open_details(fake, message, details)
    assert opened["type"] == 9
    assert opened["data"]["title"] == "Add interviewers and role"
    inputs = text_inputs(opened["data"])
    assert [(i["label"], i["required"]) for i in inputs] == [
        ("Interviewers", False),
        ("Role", False),
    ]
    submit = events.modal_submit(
        fake,
        opened["data"]["custom_id"],
        {"av.interviewer": "Dana Lee, Sam Roe @everyone", "av.role": "Data Engineer"},
    )
    answered = await first_response(fake, submit)
    assert_private_and_mute(answered)
    assert answered["data"]["embeds"][0]["title"].startswith("Updated")
    assert "@everyone" not in json.dumps(answered["data"]["embeds"])
    [interview] = services.tracker.interviews(WHO)
    assert (interview.interviewers, interview.role) == (
        ("Dana Lee", "Sam Roe @everyone"),
        "Data Engineer",
    )


async def test_an_empty_details_modal_is_answered_and_changes_nothing(
    fake: FakeDiscord, services: Services
) -> None:
    message, [details] = await register(fake, {"company": "Globex", "when": "yesterday 10am"})
    opened = await open_details(fake, message, details)
    submit = events.modal_submit(
        fake, opened["data"]["custom_id"], {"av.interviewer": " ", "av.role": ""}
    )
    answered = await first_response(fake, submit)
    assert_private_and_mute(answered)
    assert "Nothing to add" in answered["data"]["embeds"][0]["title"]
    [interview] = services.tracker.interviews(WHO)
    assert (interview.interviewers, interview.role) == ((), None)


async def test_another_users_click_or_submission_changes_nothing(
    fake: FakeDiscord, services: Services
) -> None:
    message, [details] = await register(fake, {"company": "Globex", "when": "yesterday 10am"})
    # Someone else clicking the button (a copied id) is refused: the interview is not theirs.
    refused = await open_details(fake, message, details, user_id=events.OTHER_USER_ID)
    assert refused["type"] == 7  # no modal: the ephemeral message says why instead
    assert refused["data"]["allowed_mentions"] == {"parse": []}
    assert "couldn't find" in refused["data"]["embeds"][0]["title"]
    # Someone else submitting the owner's open modal is refused; nothing of theirs is read.
    opened = await open_details(fake, message, details)
    forged = events.modal_submit(
        fake,
        opened["data"]["custom_id"],
        {"av.interviewer": "Mallory", "av.role": "Owner"},
        user_id=events.OTHER_USER_ID,
    )
    refused_form = await first_response(fake, forged)
    assert refused_form["data"]["flags"] & 64  # only the sender sees it
    assert refused_form["data"]["allowed_mentions"] == {"parse": []}
    assert "someone else" in refused_form["data"]["content"]
    # A made-up modal id (no such modal open) changes nothing; it is told the form closed.
    made_up = events.modal_submit(fake, "not-a-modal", {"av.interviewer": "Mallory"})
    told = await first_response(fake, made_up)
    assert told["data"]["flags"] & 64  # ephemeral
    assert "form has closed" in told["data"]["content"]
    # The owner's own submission, after both, is the only one that lands.
    own = events.modal_submit(fake, opened["data"]["custom_id"], {"av.role": "Analyst"})
    answered = await first_response(fake, own)
    assert answered["data"]["embeds"][0]["title"].startswith("Updated")
    [interview] = services.tracker.interviews(WHO)
    assert (interview.interviewers, interview.role) == ((), "Analyst")
    assert (
        services.tracker.interviews(Identity("discord", "discord", str(events.OTHER_USER_ID))) == []
    )


async def test_a_wrong_time_is_answered_and_nothing_is_stored(
    fake: FakeDiscord, services: Services
) -> None:
    answered = await slash(fake, "interviewed", {"company": "Acme", "when": "2024-01-02 10:00"})
    assert_private_and_mute(answered)
    assert "year" in json.dumps(answered["data"]["embeds"])
    assert services.tracker.interviews(WHO) == []


async def test_a_form_sent_after_a_restart_is_told_it_closed_and_nothing_is_saved(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'restarted.db'}"
    before = build_services(url, plan=SHIPPED_PLAN, clock=Clock())
    runtime = DiscordRuntime(config_for(fake))
    await runtime.start(Core(coach=before.coach, state=before.state))
    await fake.wait_connected()
    try:
        message, [details] = await register(fake, {"company": "Initech", "when": "yesterday 9am"})
        opened = await open_details(fake, message, details)
    finally:
        await runtime.stop()
        before.close()
    # A new process: it never opened that modal.
    after = build_services(url, plan=SHIPPED_PLAN, clock=Clock())
    runtime = DiscordRuntime(config_for(fake))
    await runtime.start(Core(coach=after.coach, state=after.state))
    await fake.wait_connected(2)  # the second process has identified
    try:
        late = events.modal_submit(fake, opened["data"]["custom_id"], {"av.role": "Analyst"})
        told = await first_response(fake, late)
        assert told["data"]["allowed_mentions"] == {"parse": []}
        assert "nothing was saved" in told["data"]["content"]
        [interview] = after.tracker.interviews(WHO)
        assert interview.role is None
    finally:
        await runtime.stop()
        after.close()


def test_an_opened_modal_counts_as_open_until_discord_py_would_drop_it() -> None:
    now = [1000.0]
    modals = OpenModals(clock=lambda: now[0])
    modals.opened("m1")
    assert modals.is_open("m1")
    assert not modals.is_open("m2")
    now[0] += MODAL_TIMEOUT - 1
    assert modals.is_open("m1")
    now[0] += 2
    assert not modals.is_open("m1")
    modals.opened("m2")  # opening another forgets the expired ones
    assert modals.is_open("m2")
    assert not modals.is_open("m1")
