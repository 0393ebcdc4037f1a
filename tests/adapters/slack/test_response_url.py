"""Replies posted to response_url over one shared session."""

from __future__ import annotations

import aiohttp

from adapters.slack.response_url import ResponseUrlSender
from tests.adapters.slack.fake_slack import FakeSlack


async def test_replies_reach_the_response_url_as_sent(fake_slack: FakeSlack) -> None:
    sender = ResponseUrlSender()
    try:
        assert await sender.send(
            fake_slack.response_url("a"), {"text": "one", "replace_original": True}
        )
        assert await sender.send(fake_slack.response_url("b"), {"text": "two"})
    finally:
        await sender.close()
    first, second = fake_slack.calls_to("response_url")
    assert first.params == {"text": "one", "replace_original": True}
    assert second.params == {"text": "two"}


async def test_a_refused_reply_is_reported(fake_slack: FakeSlack) -> None:
    sender = ResponseUrlSender()
    try:
        assert await sender.send(f"{fake_slack.base}/nowhere", {"text": "lost"}) is False
    finally:
        await sender.close()


async def test_a_given_session_carries_the_replies_and_is_left_to_its_owner(
    fake_slack: FakeSlack,
) -> None:
    async with aiohttp.ClientSession() as session:
        sender = ResponseUrlSender(session=session)
        for i in range(5):
            assert await sender.send(fake_slack.response_url(str(i)), {"text": f"reply {i}"})
        await sender.close()
        assert not session.closed  # the runtime closes it, after the app
    calls = fake_slack.calls_to("response_url")
    assert [call.params["text"] for call in calls] == [f"reply {i}" for i in range(5)]
    assert len({call.connection for call in calls}) == 1
