"""Real requests to the real bolt app on 127.0.0.1: malformed bodies are refused cleanly,
replayed commands and clicks are processed once, and uninstall events are acknowledged."""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.request_guard import signature_of
from adapters.slack.runtime import SlackRuntime
from bot.core.ports import Core, PlatformState
from tests.adapters.slack.conftest import SECRET, ServedApp, plumbing_coach
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import FORM
from tests.adapters.slack.signing import form_body, interactive_body, payload, signed_headers

JSON = "application/json"
MALFORMED = [
    ("{not json", JSON),
    ("[1, 2, 3]", JSON),
    ('"just a string"', JSON),
    ("payload=%7Bbroken", FORM),
    ("payload=%5B1%5D", FORM),
    ("\udcff", FORM),
]


async def _raw(app: ServedApp, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(app.sender.url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert [r for r in caplog.records if r.exc_info] == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_an_unsigned_malformed_body_gets_401_without_a_traceback(
    served: ServedApp, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    raw = body.encode("utf-8", "surrogateescape")
    status, _ = await _raw(
        served,
        raw,
        {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(int(time.time())),
            "X-Slack-Signature": "v0=forged",
        },
    )
    assert status == 401
    _no_traceback(caplog)


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_a_signed_malformed_body_gets_400_without_a_traceback(
    served: ServedApp, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    raw = body.encode("utf-8", "surrogateescape")
    ts = str(int(time.time()))
    signature = signature_of(SECRET, ts, raw)
    status, _ = await _raw(
        served,
        raw,
        {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
        },
    )
    assert status == 400
    _no_traceback(caplog)


@pytest.mark.parametrize("timestamp", ["yesterday", "", "-5", "1e9", "9" * 40])
async def test_a_timestamp_that_is_not_a_recent_number_gets_401(
    served: ServedApp, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    body = form_body(payload("slash_command"))
    headers = signed_headers(SECRET, body, content_type=FORM)
    headers["X-Slack-Request-Timestamp"] = timestamp
    status, _ = await _raw(served, body.encode(), headers)
    assert status == 401
    _no_traceback(caplog)


async def test_a_replayed_slash_command_is_processed_once(served: ServedApp) -> None:
    data = payload("slash_command")
    data.update(command="/interviewed", text="Acme today 2pm")
    data["response_url"] = served.sender.response_url
    body = form_body(data)
    headers = signed_headers(SECRET, body, content_type=FORM)
    first = await _raw(served, body.encode(), headers)
    replay = await _raw(served, body.encode(), headers)
    assert first[0] == 200
    assert "Registered: Acme today 2pm" in first[1]
    assert replay == (200, "")
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert served.fake.calls_to("response_url") == []  # nothing answered the replay later


async def test_a_burst_with_replays_in_it_processes_each_command_once(served: ServedApp) -> None:
    requests = []
    for i in range(8):
        data = payload("slash_command")
        data.update(command="/interviewed", text=f"Company{i} today 2pm")
        data["response_url"] = served.sender.response_url
        body = form_body(data)
        requests.append((body.encode(), signed_headers(SECRET, body, content_type=FORM)))
    answers = await asyncio.gather(*(_raw(served, b, h) for b, h in requests + requests))
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    later = [c.params.get("text", "") for c in served.fake.calls_to("response_url")]
    replies = [text for status, text in answers if status == 200 and text] + later
    for i in range(8):
        assert len([r for r in replies if f"Company{i} today" in r]) == 1, replies


async def test_a_replayed_click_is_processed_once(served: ServedApp) -> None:
    data = payload("block_actions_button")
    data["response_url"] = served.sender.response_url
    data["actions"][0].update(action_id="probe.stop", value=f"{data['user']['id']}:1")
    body = interactive_body(data)
    headers = signed_headers(SECRET, body, content_type=FORM)
    for _ in range(3):
        status, _ = await _raw(served, body.encode(), headers)
        assert status == 200
    await served.fake.wait_for("response_url")
    assert served.runtime.handlers is not None
    await served.runtime.handlers.settle()
    assert len(served.fake.calls_to("response_url")) == 1


def _event(kind: str) -> dict[str, object]:
    event: dict[str, object] = {"type": kind, "event_ts": "1700000900.000100"}
    if kind == "tokens_revoked":
        event["tokens"] = {"bot": ["UBOT0001"]}
    return {
        "token": "unused",
        "team_id": "T0TEAM001",
        "api_app_id": "A0AFTERVW",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev0{kind.upper()}",
        "event_time": 1700000900,
    }


@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
async def test_uninstall_events_are_acknowledged_over_http_with_one_token(
    served: ServedApp, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.WARNING)
    answer = await served.sender.event(_event(kind))
    assert answer.status == 200
    assert any("T0TEAM001" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
async def test_uninstall_events_are_acknowledged_in_socket_mode(
    fake_slack: FakeSlack, platform_state: PlatformState, kind: str
) -> None:
    config = SlackConfig(
        bot_token="xoxb-test-token",
        app_token="xapp-test",
        api_url=fake_slack.api_url,
        mode="socket",
    )
    runtime = SlackRuntime(config)
    await runtime.start(Core(plumbing_coach(), platform_state))
    try:
        envelope = {
            "envelope_id": f"env-{kind}",
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": _event(kind),
        }
        await fake_slack.socket_send(envelope)
        await fake_slack.wait_for_socket_acks(1)
        assert fake_slack.socket_acks[0]["envelope_id"] == envelope["envelope_id"]
    finally:
        await runtime.stop()
