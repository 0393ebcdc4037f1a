"""Replies posted to response_url over one shared session."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.web.internal_utils import get_user_agent

from adapters.slack import response_url
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


async def test_a_reply_goes_as_json_with_slack_sdks_user_agent(fake_slack: FakeSlack) -> None:
    sender = ResponseUrlSender()
    try:
        assert await sender.send(fake_slack.response_url("h"), {"text": "hi", "blocks": None})
    finally:
        await sender.close()
    (call,) = fake_slack.calls_to("response_url")
    assert call.params == {"text": "hi"}  # top-level None values are left out, as slack_sdk did
    assert call.headers["Content-Type"] == "application/json;charset=utf-8"
    assert call.headers["User-Agent"] == get_user_agent()


async def test_a_dropped_connection_is_tried_once_more(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(response_url, "RETRY_AFTER", 0)
    seen: list[str] = []
    dropped = 0

    async def flaky(request: web.Request) -> web.StreamResponse:
        nonlocal dropped
        seen.append((await request.json())["text"])
        if request.match_info["how"] == "drops" or dropped == 0:
            dropped += 1
            assert request.transport is not None
            request.transport.close()  # no response at all: the client sees a disconnect
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{how}", flaky)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    sender = ResponseUrlSender()
    try:
        assert await sender.send(f"http://127.0.0.1:{port}/once", {"text": "again"})
        assert seen == ["again", "again"]
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await sender.send(f"http://127.0.0.1:{port}/drops", {"text": "lost"})
        assert seen == ["again", "again", "lost", "lost"]  # one retry, not more
    finally:
        await sender.close()
        await runner.cleanup()
