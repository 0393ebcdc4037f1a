"""Forms as Slack modals: opened with the request's trigger_id, submitted as signed
``view_submission`` requests over HTTP, answered in the modal (errors) or ephemerally."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.modals import modal_view, read_submission
from bot.core.messages import Form, Identity, Input, InputKind
from bot.services import Services
from tests.adapters.slack.conftest import ServedApp, serving
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import FORM
from tests.adapters.slack.signing import interactive_body, payload
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services

SEEKER = "U0SEEKER1"
WHO = Identity("slack", "T0TEAM001", SEEKER)
HOSTILE = "Dana <!channel> & <@U0BOSS001>"


@pytest.fixture
async def app(fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[ServedApp, Services]]:
    services = build_services(
        f"sqlite:///{tmp_path / 'afterview.db'}", plan=SHIPPED_PLAN, clock=Clock()
    )
    async with serving(fake_slack, services.state, services.coach) as served:
        yield served, services
    services.close()


def text_state(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


async def opened_view(served: ServedApp, count: int = 1) -> dict[str, Any]:
    calls = await served.fake.wait_for("views.open", count=count)
    view = calls[count - 1].params["view"]
    assert isinstance(view, dict)
    return view


def public_posts(fake: FakeSlack) -> list[Any]:
    return [c for c in fake.calls_to("chat.postMessage") if not c.params["channel"].startswith("D")]


async def test_interviewed_alone_opens_a_modal_with_pickers(
    app: tuple[ServedApp, Services],
) -> None:
    served, _ = app
    answer = await served.sender.command("", command="/interviewed")
    assert answer.status == 200
    assert answer.text == ""  # nothing shown in the channel, not even to the user
    [call] = await served.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1111.2222.abcdef"
    view = call.params["view"]
    assert view["type"] == "modal"
    elements = {b["block_id"]: (b["element"]["type"], b["optional"]) for b in view["blocks"]}
    assert elements == {
        "company": ("plain_text_input", False),
        "date": ("datepicker", False),
        "time": ("timepicker", False),
        "interviewer": ("plain_text_input", True),
        "role": ("plain_text_input", True),
    }
    date_block = next(b for b in view["blocks"] if b["block_id"] == "date")
    assert date_block["element"]["initial_date"] == "2026-11-18"
    assert served.fake.calls_to("response_url") == []


async def test_submitted_form_registers_and_answers_ephemerally_escaped(
    app: tuple[ServedApp, Services],
) -> None:
    served, services = app
    await served.sender.command("", command="/interviewed")
    view = await opened_view(served)
    answer = await served.sender.submit(
        view,
        {
            "company": text_state("Acme"),
            "date": {"type": "datepicker", "selected_date": "2026-11-18"},
            "time": {"type": "timepicker", "selected_time": "10:30"},
            "interviewer": text_state(HOSTILE),
            "role": text_state(None),
        },
    )
    assert answer.status == 200
    assert answer.text == ""  # the modal closes
    [posted] = await served.fake.wait_for("chat.postEphemeral")
    assert posted.params["channel"] == "C0GENERAL"
    assert posted.params["user"] == SEEKER
    assert posted.params["text"].startswith("Got it")
    sent = json.dumps(posted.params)
    assert "<!channel>" not in sent
    assert "<@U0BOSS001>" not in sent
    assert "Dana &lt;!channel&gt;" in sent
    [interview] = services.tracker.interviews(WHO)
    assert interview.company == "Acme"
    assert f"{interview.at:%Y-%m-%d %H:%M}" == "2026-11-18 10:30"
    assert public_posts(served.fake) == []


async def test_a_wrong_day_is_shown_in_the_modal_and_nothing_is_stored(
    app: tuple[ServedApp, Services],
) -> None:
    served, services = app
    await served.sender.command("", command="/interviewed")
    view = await opened_view(served)
    answer = await served.sender.submit(
        view,
        {
            "company": text_state("Acme"),
            "date": {"type": "datepicker", "selected_date": "2024-01-02"},
            "time": {"type": "timepicker", "selected_time": "10:30"},
        },
    )
    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["date"]
    assert "year" in body["errors"]["date"]
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert served.fake.calls_to("chat.postEphemeral") == []
    assert services.tracker.interviews(WHO) == []


async def test_afterview_review_opens_a_multiline_modal_and_reviews_hostile_text(
    app: tuple[ServedApp, Services],
) -> None:
    served, _ = app
    await served.sender.command("review", command="/afterview")
    view = await opened_view(served)
    [block] = view["blocks"]
    assert block["element"]["type"] == "plain_text_input"
    assert block["element"]["multiline"] is True
    assert block["element"]["max_length"] == 3000
    note = "hey Dana!! thx lol <!here> <https://evil.example|click>"
    await served.sender.submit(view, {block["block_id"]: text_state(note)})
    [posted] = await served.fake.wait_for("chat.postEphemeral")
    sent = json.dumps(posted.params, ensure_ascii=False)
    assert "“lol”" in sent
    assert "<!here>" not in sent
    assert "<https://evil" not in sent
    assert public_posts(served.fake) == []


async def test_home_button_opens_the_same_modal_and_answers_by_dm(
    app: tuple[ServedApp, Services],
) -> None:
    served, services = app
    await served.sender.action("av|0|home.register", "interviewed", fixture="block_actions_home")
    [call] = await served.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1111.2222.home"
    view = call.params["view"]
    assert [b["block_id"] for b in view["blocks"]][:3] == ["company", "date", "time"]
    await served.sender.submit(
        view,
        {
            "company": text_state("Globex"),
            "date": {"type": "datepicker", "selected_date": "2026-11-17"},
            "time": {"type": "timepicker", "selected_time": "09:00"},
        },
    )
    [dm] = await served.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == f"D{SEEKER}"  # the DM the fake opened for the user
    assert dm.params["text"].startswith("Got it")
    assert [i.company for i in services.tracker.interviews(WHO)] == ["Globex"]


async def test_when_the_modal_cannot_open_the_reply_is_shown_instead(
    app: tuple[ServedApp, Services],
) -> None:
    served, _ = app
    served.fake.script("views.open", body={"ok": False, "error": "expired_trigger_id"})
    await served.sender.command("", command="/interviewed")
    [shown] = await served.fake.wait_for("response_url")
    assert shown.params["response_type"] == "ephemeral"
    assert "interviewed Acme yesterday 3pm" in json.dumps(shown.params)


async def test_a_replayed_submission_registers_once(app: tuple[ServedApp, Services]) -> None:
    served, services = app
    await served.sender.command("", command="/interviewed")
    view = await opened_view(served)
    data = payload("view_submission")
    data["view"].update(
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        blocks=view["blocks"],
        state={
            "values": {
                "company": {"value": text_state("Acme")},
                "date": {"value": {"type": "datepicker", "selected_date": "2026-11-18"}},
                "time": {"value": {"type": "timepicker", "selected_time": "10:30"}},
            }
        },
    )
    body, sent_at = interactive_body(data), int(time.time())
    for _ in range(2):  # the same signed bytes twice: a replay, not a second submission
        answer = await served.sender.post(body, FORM, timestamp=sent_at)
        assert (answer.status, answer.text) == (200, "")
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert len(served.fake.calls_to("chat.postEphemeral")) == 1
    assert len(services.tracker.interviews(Identity("slack", "T0TEAM001", SEEKER))) == 1


async def test_a_submission_of_a_view_not_ours_is_acknowledged_and_ignored(
    app: tuple[ServedApp, Services],
) -> None:
    served, _ = app
    forged = {"callback_id": "av.form", "private_metadata": "not json", "blocks": []}
    answer = await served.sender.submit(forged, {"company": text_state("Acme")})
    assert answer.status == 200
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert served.fake.calls_to("chat.postEphemeral") == []


def test_only_the_forms_own_inputs_are_read_back() -> None:
    form = Form(
        title="A title longer than Slack's twenty-four",
        command="review",
        inputs=(Input("text", "Note", InputKind.LONG, max_length=6000),),
        fields=(("interview", "12"),),
    )
    view = modal_view(form, "C1")
    assert len(view["title"]["text"]) <= 24
    view["state"] = {
        "values": {
            "text": {"value": {"type": "plain_text_input", "value": "Dear Dana"}},
            "interview": {"value": {"type": "plain_text_input", "value": "999"}},
        }
    }
    submitted = read_submission(view)
    assert submitted is not None
    assert submitted.channel == "C1"
    request = submitted.form.answer(WHO, submitted.values)
    assert (request.command, request.text, request.fields) == (
        "review",
        "Dear Dana",
        {"interview": "12"},
    )
