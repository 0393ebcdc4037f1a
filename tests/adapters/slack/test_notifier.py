"""Nudges by DM: conversations.open + chat.postMessage, 429s waited out, failures classified."""

from __future__ import annotations

import pytest

from adapters.slack.notifier import SlackNotifier
from bot.core.messages import Button, Identity, Reply
from bot.core.ports import Delivery, RecipientUnreachable, TransientDeliveryError
from bot.nudges.pacing import TokenBucket
from tests.adapters.slack.fake_slack import FakeSlack

WHO = Identity("slack", "T0TEAM001", "U0SEEKER1")


def delivery(text: str = "Send your thank-you note", nudge_id: int = 7) -> Delivery:
    reply = Reply(text=text, controls=(Button("Done", "nudge.done", str(nudge_id)),))
    return Delivery(nudge_id=nudge_id, recipient=WHO, reply=reply, key=f"n{nudge_id}")


def notifier(fake: FakeSlack, token: str | None = "xoxb-test") -> SlackNotifier:
    sender = SlackNotifier(fake.api_url, TokenBucket(rate=1000, burst=1000))

    async def tokens(workspace: str) -> str | None:
        return token if workspace == "T0TEAM001" else None

    sender.bind(tokens)
    return sender


async def test_nudge_goes_to_the_users_dm_with_buttons(fake_slack: FakeSlack) -> None:
    await notifier(fake_slack).send(delivery("Thank <!everyone> & go"))
    [opened] = fake_slack.calls_to("conversations.open")
    assert opened.params["users"] == "U0SEEKER1"
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "DU0SEEKER1"
    assert post.token == "xoxb-test"
    assert post.params["text"] == "Thank &lt;!everyone&gt; &amp; go"
    assert post.params["unfurl_links"] is False
    assert post.blocks[-1]["elements"][0]["action_id"] == "av|0|nudge.done"
    assert "<!" not in post.raw


async def test_dm_channel_is_remembered(fake_slack: FakeSlack) -> None:
    sender = notifier(fake_slack)
    await sender.send(delivery(nudge_id=1))
    await sender.send(delivery(nudge_id=2))
    assert len(fake_slack.calls_to("conversations.open")) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_rate_limited_send_is_retried_after_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.script(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "0"},
    )
    await notifier(fake_slack).send(delivery())
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 2
    assert posts[0].params == posts[1].params


async def test_persistent_rate_limit_is_transient_with_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.script(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "0"},
        times=3,
    )
    with pytest.raises(TransientDeliveryError) as caught:
        await notifier(fake_slack).send(delivery())
    assert caught.value.retry_after == 0.0
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


@pytest.mark.parametrize(
    "error", ["account_inactive", "user_not_found", "channel_not_found", "cannot_dm_bot"]
)
async def test_gone_users_are_unreachable(fake_slack: FakeSlack, error: str) -> None:
    fake_slack.script("chat.postMessage", body={"ok": False, "error": error})
    with pytest.raises(RecipientUnreachable, match=error):
        await notifier(fake_slack).send(delivery())


async def test_closed_dm_on_open_is_unreachable(fake_slack: FakeSlack) -> None:
    fake_slack.script("conversations.open", body={"ok": False, "error": "user_disabled"})
    with pytest.raises(RecipientUnreachable, match="user_disabled"):
        await notifier(fake_slack).send(delivery())
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_server_error_is_transient(fake_slack: FakeSlack) -> None:
    fake_slack.script("chat.postMessage", body={"ok": False, "error": "internal_error"})
    with pytest.raises(TransientDeliveryError, match="internal_error"):
        await notifier(fake_slack).send(delivery())


async def test_workspace_without_install_is_unreachable(fake_slack: FakeSlack) -> None:
    other = Delivery(7, Identity("slack", "T0GONE", "U1"), Reply(text="x"), "n7")
    with pytest.raises(RecipientUnreachable, match="not installed"):
        await notifier(fake_slack).send(other)


async def test_unbound_notifier_asks_to_retry_later(fake_slack: FakeSlack) -> None:
    with pytest.raises(TransientDeliveryError):
        await SlackNotifier(fake_slack.api_url).send(delivery())


async def test_api_down_is_transient() -> None:
    sender = SlackNotifier("http://127.0.0.1:9/api/")

    async def tokens(workspace: str) -> str | None:
        return "xoxb-test"

    sender.bind(tokens)
    with pytest.raises(TransientDeliveryError, match="did not answer"):
        await sender.send(delivery())


async def test_other_platforms_users_are_not_ours(fake_slack: FakeSlack) -> None:
    stray = Delivery(7, Identity("discord", "G1", "U1"), Reply(text="x"), "n7")
    with pytest.raises(RecipientUnreachable):
        await notifier(fake_slack).send(stray)
