"""The bolt listeners, driven by real signed HTTP requests to the app served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time

from adapters.slack.handlers import _without_mention
from bot.core.messages import Reply, Request
from bot.core.ports import PlatformState
from tests.adapters.slack.conftest import ServedApp, plumbing_coach, serving
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.signing import payload

SEEKER = "U0SEEKER1"


def mrkdwn_objects(node: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            found.append(node)
        for value in node.values():
            found.extend(mrkdwn_objects(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(mrkdwn_objects(item))
    return found


# -- slash commands ------------------------------------------------------------------------------


async def test_slash_command_is_acked_with_an_ephemeral_reply_and_our_controls(
    served: ServedApp,
) -> None:
    answer = await served.sender.command("Acme yesterday 3pm")
    assert answer.status == 200
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"] == "Registered: Acme yesterday 3pm"
    actions = [b for b in body["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "av|0|probe.stop",
        "av|1|probe.snooze",
    ]
    assert served.fake.calls_to("response_url") == []  # nothing was needed after the ack


async def test_company_named_like_a_mention_pings_no_one(served: ServedApp) -> None:
    answer = await served.sender.command("<!channel> & <!here> <@U0BOSS> <!subteam^S1>")
    assert answer.status == 200
    assert "<!" not in answer.text
    assert "<@" not in answer.text
    body = answer.json()
    inert = "&lt;!channel&gt; &amp; &lt;!here&gt; &lt;@U0BOSS&gt; &lt;!subteam^S1&gt;"
    assert body["text"] == f"Registered: {inert}"
    sections = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    assert f"*Plan*\nCompany: {inert}" in sections
    assert all(obj["verbatim"] is True for obj in mrkdwn_objects(body["blocks"]))


async def test_text_slack_sent_escaped_is_read_as_typed_and_still_pings_no_one(
    served: ServedApp,
) -> None:
    answer = await served.sender.command("&lt;!channel&gt; Q&amp;A")
    assert answer.status == 200
    assert "<!" not in answer.text
    assert answer.json()["text"] == "Registered: &lt;!channel&gt; Q&amp;A"


async def test_user_timezone_from_slack_reaches_the_core(served: ServedApp) -> None:
    served.fake.user_timezones[SEEKER] = "Europe/Paris"
    answer = await served.sender.command("Acme")
    assert "Timezone: Europe/Paris" in json.dumps(answer.json()["blocks"])
    await served.sender.command("Initech")
    assert len(served.fake.calls_to("users.info")) == 1  # cached after the first command


async def test_umbrella_command_alone_shows_help(served: ServedApp) -> None:
    answer = await served.sender.command("", command="/afterview")
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith("I'm Afterview")


async def test_umbrella_command_routes_its_sub_command(served: ServedApp) -> None:
    answer = await served.sender.command("interviewed Globex", command="/afterview")
    assert answer.json()["text"] == "Registered: Globex"


async def test_slow_reply_acks_at_once_then_follows_through_response_url(
    fake_slack: FakeSlack, platform_state: PlatformState
) -> None:
    async with serving(fake_slack, platform_state, ack_budget=0.05) as app:
        answer = await app.sender.command("Acme", command="/slow")
        assert answer.status == 200
        assert answer.text == ""  # an empty ack: Slack shows nothing yet
        [late] = await fake_slack.wait_for("response_url")
        assert late.params["response_type"] == "ephemeral"
        assert late.params["text"] == "Slow answer for Acme"


async def test_commands_arriving_together_each_get_their_reply_exactly_once(
    served: ServedApp,
) -> None:
    companies = [f"Company{i}" for i in range(12)]
    answers = await asyncio.gather(*(served.sender.command(c) for c in companies))
    assert all(a.status == 200 for a in answers)
    in_acks = [a.json()["text"] for a in answers if a.text]
    later_count = len(companies) - len(in_acks)
    later = await served.fake.wait_for("response_url", count=later_count) if later_count else []
    texts = sorted(in_acks + [call.params["text"] for call in later])
    assert texts == sorted(f"Registered: {c}" for c in companies)
    assert all(call.params["response_type"] == "ephemeral" for call in later)


# -- clicks ------------------------------------------------------------------------------------


async def test_click_replaces_the_clicked_message(served: ServedApp) -> None:
    answer = await served.sender.action("av|0|probe.stop", f"{SEEKER}:1")
    assert answer.status == 200
    [update] = await served.fake.wait_for("response_url")
    assert update.params["replace_original"] is True
    assert update.params["text"] == "Done: probe.stop 1"


async def test_menu_choice_is_forwarded_with_the_option_value(served: ServedApp) -> None:
    await served.sender.action("av|1|probe.snooze", f"{SEEKER}:3h", fixture="block_actions_select")
    [update] = await served.fake.wait_for("response_url")
    assert update.params["text"] == "Done: probe.snooze 3h"


async def test_forged_action_value_gets_a_polite_refusal(served: ServedApp) -> None:
    await served.sender.action("av|0|probe.stop", "U0SOMEONE:1")
    [update] = await served.fake.wait_for("response_url")
    assert update.params["text"] == "Sorry, that button isn't yours to press."


async def test_foreign_action_id_is_refused_politely(served: ServedApp) -> None:
    answer = await served.sender.action("delete_everything", "1")
    assert answer.status == 200
    [update] = await served.fake.wait_for("response_url")
    assert "no longer valid" in update.params["text"]


async def test_click_in_the_home_tab_refreshes_home_with_the_answer(served: ServedApp) -> None:
    await served.sender.action("av|0|probe.stop", f"{SEEKER}:1", fixture="block_actions_home")
    [publish] = await served.fake.wait_for("views.publish")
    assert publish.params["user_id"] == SEEKER
    assert publish.params["view"]["type"] == "home"
    assert publish.params["view"]["blocks"][0]["text"]["text"] == "*Done: probe.stop 1*"
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert served.fake.calls_to("response_url") == []


# -- events ------------------------------------------------------------------------------------


async def test_dm_question_is_answered_in_the_dm_with_a_verdict_mark(served: ServedApp) -> None:
    answer = await served.sender.event(payload("event_message_im"))
    assert answer.status == 200
    [post] = await served.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "D0SEEKER1"
    assert post.token == "xoxb-test-token"
    assert ":large_yellow_circle: *Careful*" in post.block_texts()
    assert any(t.endswith("\nSend a short thank-you email instead.") for t in post.block_texts())


async def test_a_quoted_paste_in_a_dm_reaches_the_core_as_typed(
    fake_slack: FakeSlack, platform_state: PlatformState
) -> None:
    seen: list[str] = []

    def read(_request: Request, text: str) -> Reply:
        seen.append(text)
        return Reply(text="read")

    coach = plumbing_coach()
    coach.claim_questions(lambda text: text if text.startswith("is this ok?") else None, read)
    event = payload("event_message_im")
    event["event"]["text"] = "is this ok?\n&gt; Dear Dana, thanks for the Q&amp;A"
    async with serving(fake_slack, platform_state, coach=coach) as app:
        assert (await app.sender.event(event)).status == 200
        await app.fake.wait_for("chat.postMessage")
    assert seen == ["is this ok?\n> Dear Dana, thanks for the Q&A"]


async def test_bot_and_edited_messages_are_ignored(served: ServedApp) -> None:
    edited = payload("event_message_im")
    edited["event"]["subtype"] = "message_changed"
    edited["event_id"] = "Ev0EDITED01"
    await served.sender.event(edited)
    fresh = payload("event_message_im")
    fresh["event_id"] = "Ev0FRESH001"
    await served.sender.event(fresh)
    await served.fake.wait_for("chat.postMessage")
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert len(served.fake.calls_to("chat.postMessage")) == 1


async def test_mention_in_a_channel_is_answered_only_to_the_asker(served: ServedApp) -> None:
    await served.sender.event(payload("event_app_mention"))
    [ephemeral] = await served.fake.wait_for("chat.postEphemeral")
    assert ephemeral.params["channel"] == "C0GENERAL"
    assert ephemeral.params["user"] == SEEKER
    assert ":large_yellow_circle: *Careful*" in ephemeral.block_texts()
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert served.fake.calls_to("chat.postMessage") == []


async def test_mention_falls_back_to_a_dm_when_ephemeral_fails(served: ServedApp) -> None:
    served.fake.script("chat.postEphemeral", body={"ok": False, "error": "not_in_channel"})
    await served.sender.event(payload("event_app_mention"))
    [post] = await served.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == f"D{SEEKER}"
    [opened] = served.fake.calls_to("conversations.open")
    assert opened.params["users"] == SEEKER


async def test_retried_event_is_handled_once(served: ServedApp) -> None:
    event = payload("event_message_im")
    assert (await served.sender.event(event)).status == 200
    await served.fake.wait_for("chat.postMessage")
    assert (await served.sender.event(event, retry=1)).status == 200
    other = payload("event_message_im")
    other["event_id"] = "Ev0MESSAGE2"
    await served.sender.event(other)
    await served.fake.wait_for("chat.postMessage", count=2)
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert len(served.fake.calls_to("chat.postMessage")) == 2
    assert served.state.first_sighting("slack", "Ev0MESSAGE1") is False


async def test_home_tab_is_published_for_the_user_who_opened_it(served: ServedApp) -> None:
    await served.sender.event(payload("event_app_home_opened"))
    [publish] = await served.fake.wait_for("views.publish")
    assert publish.params["user_id"] == SEEKER
    view = publish.params["view"]
    assert view["type"] == "home"
    assert "*I'm Afterview, your coach for the days after a job interview.*" in json.dumps(view)


# -- request verification ----------------------------------------------------------------------


async def test_url_verification_echoes_the_challenge(served: ServedApp) -> None:
    answer = await served.sender.event(payload("url_verification"))
    assert answer.status == 200
    assert answer.json() == {"challenge": payload("url_verification")["challenge"]}


async def test_bad_signature_is_rejected(served: ServedApp) -> None:
    body = json.dumps(payload("event_message_im"))
    answer = await served.sender.post(body, "application/json", secret="not-the-secret")
    assert answer.status == 401
    assert served.fake.calls_to("chat.postMessage") == []


async def test_stale_timestamp_is_rejected(served: ServedApp) -> None:
    body = json.dumps(payload("event_message_im"))
    answer = await served.sender.post(body, "application/json", timestamp=int(time.time()) - 600)
    assert answer.status == 401


def test_mention_of_the_bot_is_removed_from_the_question() -> None:
    text = "<@UBOT0001> is it okay to <@UBOT0001|afterview> call?"
    assert _without_mention(text, "UBOT0001") == "is it okay to call?"
    assert _without_mention("<@U0OTHER> hi", "UBOT0001") == "<@U0OTHER> hi"
