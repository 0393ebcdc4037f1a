"""Replies that leave outside the ack, through a real Web API client to the fake Slack."""

from __future__ import annotations

from adapters.slack.notifier import web_client
from adapters.slack.sending import open_form, send_private
from bot.core.messages import Identity, Reply
from tests.adapters.slack.conftest import BOT_TOKEN
from tests.adapters.slack.fake_slack import FakeSlack

WHO = Identity("slack", "T0TEAM001", "U0PERSON1")


async def test_a_private_reply_falls_back_to_a_dm_when_the_ephemeral_is_refused(
    fake_slack: FakeSlack,
) -> None:
    fake_slack.script("chat.postEphemeral", body={"ok": False, "error": "channel_not_found"})
    client = web_client(fake_slack.api_url, BOT_TOKEN, rate_limit_retries=0)
    await send_private(client, WHO, "C0CHANNEL1", Reply(text="Only for you"))
    assert len(fake_slack.calls_to("chat.postEphemeral")) == 1
    (dm,) = fake_slack.calls_to("chat.postMessage")
    assert dm.params["text"] == "Only for you"
    assert fake_slack.calls_to("conversations.open")[0].params["users"] == WHO.user


async def test_a_reply_without_a_form_or_a_trigger_opens_no_modal(fake_slack: FakeSlack) -> None:
    client = web_client(fake_slack.api_url, BOT_TOKEN)
    assert not await open_form(client, {"trigger_id": "1.2.3"}, Reply(text="no form"), None)
    assert fake_slack.calls_to("views.open") == []
