"""SlackRuntime as the runner uses it: HTTP and Socket Mode, OAuth installs, and nudges end to end
through the real core (`Services` on a SQLite file, the seconds-scale plan, a hand-moved clock)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack import SlackRuntime
from adapters.slack.config import SlackConfig
from adapters.slack.installation_store import PlatformInstallationStore
from bot.core.messages import Identity, Reply, Request
from bot.core.ports import Core, Delivery, PlatformState
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.platform_state import SqlPlatformState
from bot.services import Services
from tests.adapters.slack.conftest import (
    SECRET,
    command_reply,
    http_config,
    plumbing_coach,
    serving,
)
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SlackSender
from tests.adapters.slack.signing import payload
from tests.nudge_support import Clock, build_services, settings_for

SEEKER = "U0SEEKER1"


def test_from_env_is_none_without_slack_settings() -> None:
    assert SlackRuntime.from_env({"DISCORD_TOKEN": "x"}) is None


def test_from_env_builds_a_runtime_whose_notifier_serves_slack() -> None:
    runtime = SlackRuntime.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert runtime is not None
    assert runtime.config.mode == "socket"
    assert runtime.notifier.platform == "slack"


def test_from_env_rejects_a_half_configuration() -> None:
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        SlackRuntime.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "http"})


async def test_http_runtime_serves_then_stops(
    fake_slack: FakeSlack, platform_state: PlatformState
) -> None:
    runtime = SlackRuntime(http_config(fake_slack))
    await runtime.start(Core(plumbing_coach(), platform_state))
    assert runtime.port
    url = f"http://127.0.0.1:{runtime.port}/slack/events"
    async with SlackSender(url, SECRET, fake_slack.response_url()) as sender:
        answer = await sender.command("Acme")
        assert answer.json()["text"] == "Registered: Acme"
        await runtime.stop()
        with pytest.raises(aiohttp.ClientConnectionError):
            await sender.command("Acme")


async def test_calls_to_slack_share_pooled_connections_and_the_session_closes_at_stop(
    fake_slack: FakeSlack, platform_state: PlatformState
) -> None:
    async with serving(fake_slack, platform_state, ack_budget=0.0) as app:
        for i in range(8):  # a new user each time: users.info, then the reply at response_url
            answer = await app.sender.command(f"Acme{i}", user_id=f"U0PERSON{i}")
            assert (answer.status, answer.text) == (200, "")
            await fake_slack.wait_for("response_url", count=i + 1)
        session = app.runtime.http
        assert session is not None
        assert not session.closed
    calls = fake_slack.calls_to("users.info") + fake_slack.calls_to("response_url")
    assert len(calls) == 16
    assert len({call.connection for call in calls}) <= 2  # not one connection per call
    assert session.closed


# -- Socket Mode -------------------------------------------------------------------------------


async def test_socket_mode_connects_and_acks_over_the_websocket(
    fake_slack: FakeSlack, platform_state: PlatformState
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
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.token == "xapp-test"
        envelope = payload("socket_mode_slash_command")
        await fake_slack.socket_send(envelope)
        await fake_slack.wait_for_socket_acks(1)
        [ack] = fake_slack.socket_acks
        assert ack["envelope_id"] == envelope["envelope_id"]
        assert ack["payload"]["response_type"] == "ephemeral"
        assert ack["payload"]["text"].startswith("I'm Afterview")
    finally:
        await runtime.stop()


# -- OAuth install for several workspaces -------------------------------------------------------


@pytest.fixture
async def oauth_runtime(
    fake_slack: FakeSlack, platform_state: PlatformState
) -> AsyncIterator[SlackRuntime]:
    config = http_config(
        fake_slack, bot_token=None, client_id="111.222", client_secret="client-secret"
    )
    runtime = SlackRuntime(config)
    await runtime.start(Core(plumbing_coach(), platform_state))
    yield runtime
    await runtime.stop()


async def test_oauth_install_stores_the_workspace_and_its_token_is_used(
    fake_slack: FakeSlack, oauth_runtime: SlackRuntime
) -> None:
    base = f"http://127.0.0.1:{oauth_runtime.port}"
    async with aiohttp.ClientSession() as browser:
        async with browser.get(f"{base}/slack/install") as page:
            assert page.status == 200
            html = await page.text()
            # The state cookie is Secure; a browser on plain http here would not send it back.
            cookie = "; ".join(f"{k}={v.value}" for k, v in page.cookies.items())
        link = re.search(r'href="([^"]*/oauth/v2/authorize[^"]*)"', html)
        assert link is not None
        assert link.group(1).startswith(f"{fake_slack.base}/oauth/v2/authorize?")
        state = re.search(r"state=([^&\"]+)", link.group(1))
        assert state is not None
        redirect = f"{base}/slack/oauth_redirect?code=the-code&state={state.group(1)}"
        async with browser.get(redirect, headers={"Cookie": cookie}) as done:
            assert done.status == 200
    [exchange] = fake_slack.calls_to("oauth.v2.access")
    assert exchange.params["code"] == "the-code"

    url = f"{base}/slack/events"
    async with SlackSender(url, SECRET, fake_slack.response_url()) as sender:
        answer = await sender.command("Acme", team_id="T0TEAM002")
    assert answer.json()["text"] == "Registered: Acme"
    assert fake_slack.calls_to("users.info")[-1].token == "xoxb-installed-token"

    # The notifier finds the installed token for that workspace too.
    who = Identity("slack", "T0TEAM002", SEEKER)
    await oauth_runtime.notifier.send(Delivery(1, who, Reply(text="Nudge"), "n1"))
    assert fake_slack.calls_to("chat.postMessage")[-1].token == "xoxb-installed-token"


async def test_oauth_redirect_with_a_forged_state_installs_nothing(
    fake_slack: FakeSlack, oauth_runtime: SlackRuntime
) -> None:
    base = f"http://127.0.0.1:{oauth_runtime.port}"
    async with aiohttp.ClientSession() as browser:
        url = f"{base}/slack/oauth_redirect?code=the-code&state=forged"
        async with browser.get(url) as page:
            assert page.status >= 400
    assert fake_slack.calls_to("oauth.v2.access") == []


# -- nudges end to end through the real core -----------------------------------------------------


def nudges_posted(fake: FakeSlack, words: str) -> list[Any]:
    return [c for c in fake.calls_to("chat.postMessage") if words in c.params.get("text", "")]


def control(call: Any, suffix: str) -> dict[str, Any]:
    for block in call.blocks:
        for element in block.get("elements", []):
            if str(element.get("action_id", "")).endswith(suffix):
                assert isinstance(element, dict)
                return element
    raise AssertionError(f"no control {suffix} in {call.blocks}")


@pytest.fixture
async def core_services(tmp_path: Path) -> AsyncIterator[tuple[Services, Clock]]:
    clock = Clock()  # Wednesday 18 Nov 2026, 12:00 UTC: outside quiet hours
    services = build_services(f"sqlite:///{tmp_path / 'afterview.db'}", clock=clock)
    yield services, clock
    await services.stop()
    services.close()


async def test_registered_interview_nudges_by_dm_and_snooze_brings_it_back(
    fake_slack: FakeSlack, core_services: tuple[Services, Clock]
) -> None:
    services, clock = core_services
    async with serving(fake_slack, services.state, services.coach) as app:
        services.add_notifier(app.runtime.notifier)
        await services.start()
        scheduler = services.scheduler
        assert scheduler is not None

        body = await command_reply(app, "Acme today 12:00 with Dana <!channel>")
        assert body["response_type"] == "ephemeral"
        assert "Acme" in body["text"]
        assert "<!channel>" not in json.dumps(body)
        assert "Dana &lt;!channel&gt;" in json.dumps(body)
        registered = len(fake_slack.calls_to("response_url"))

        clock.advance(timedelta(seconds=3))  # the thank-you step is due 2 s after
        scheduler.wake_now()
        await fake_slack.wait_for("chat.postMessage")
        [first] = nudges_posted(fake_slack, "thank-you")
        assert first.params["channel"] == f"D{SEEKER}"
        assert "Dana &lt;!channel&gt;" in first.raw
        assert "<!channel>" not in first.raw

        snooze = control(first, "nudge.snooze")
        [twenty] = [o["value"] for o in snooze["options"] if o["value"].endswith(":20m")]
        await app.sender.action(snooze["action_id"], twenty, fixture="block_actions_select")
        update = (await fake_slack.wait_for("response_url", count=registered + 1))[-1]
        assert update.params["replace_original"] is True
        assert "snooze" in update.params["text"].lower()

        clock.advance(timedelta(minutes=20, seconds=1))
        scheduler.wake_now()
        again = nudges_posted(fake_slack, "thank-you")
        while len(again) < 2:
            seen = len(fake_slack.calls_to("chat.postMessage"))
            await fake_slack.wait_for("chat.postMessage", count=seen + 1)
            again = nudges_posted(fake_slack, "thank-you")
        assert again[1].params["channel"] == f"D{SEEKER}"
        assert again[1].params["text"] == first.params["text"]  # the same step, owed again
        assert len(again) == 2


async def test_someone_elses_nudge_button_is_refused_and_changes_nothing(
    fake_slack: FakeSlack, core_services: tuple[Services, Clock]
) -> None:
    services, clock = core_services
    async with serving(fake_slack, services.state, services.coach) as app:
        services.add_notifier(app.runtime.notifier)
        await services.start()
        assert services.scheduler is not None
        await command_reply(app, "Zyxcorp today 12:00")
        base = len(fake_slack.calls_to("response_url"))
        clock.advance(timedelta(seconds=3))
        services.scheduler.wake_now()
        [nudge] = await fake_slack.wait_for("chat.postMessage")
        done = control(nudge, "nudge.done")

        await app.sender.action(done["action_id"], done["value"], user="U0INTRUDER")
        refusal = (await fake_slack.wait_for("response_url", count=base + 1))[-1]
        assert refusal.params["replace_original"] is True
        refused_text = refusal.params["text"]
        assert refused_text.startswith("I couldn't find nudge")

        await app.sender.action(done["action_id"], "999999")  # stale: no such nudge
        stale = (await fake_slack.wait_for("response_url", count=base + 2))[-1]
        assert stale.params["text"].startswith("I couldn't find nudge N999999")

        await app.sender.action(done["action_id"], done["value"])  # the owner: it works
        mine = (await fake_slack.wait_for("response_url", count=base + 3))[-1]
        assert not mine.params["text"].startswith("I couldn't")
        assert mine.params["text"] != refused_text
    intruder = Identity("slack", "T0TEAM001", "U0INTRUDER")
    assert "Zyxcorp" not in services.coach.handle(Request(intruder, text="list")).plain()
    owner = Identity("slack", "T0TEAM001", SEEKER)
    assert "Zyxcorp" in services.coach.handle(Request(owner, text="list")).plain()


# -- several replicas on one PostgreSQL database -------------------------------------------------


@pytest.mark.postgres
async def test_replicas_sharing_postgres_handle_a_retried_event_once_and_share_installs(
    fake_slack: FakeSlack, pg_url: str
) -> None:
    engines = [make_engine(pg_url), make_engine(pg_url)]
    upgrade(engines[0])
    state_a, state_b = (SqlPlatformState(make_sessions(engine)) for engine in engines)
    try:
        async with serving(fake_slack, state_a) as a, serving(fake_slack, state_b) as b:
            event = payload("event_message_im")
            assert (await a.sender.event(event)).status == 200
            await fake_slack.wait_for("chat.postMessage")
            assert (await b.sender.event(event, retry=1)).status == 200  # the retry lands on b
            assert b.runtime.handlers is not None
            await b.runtime.handlers.settle()
            assert len(fake_slack.calls_to("chat.postMessage")) == 1

        saved = Installation(
            team_id="T9", bot_token="xoxb-t9", bot_id="B9", bot_user_id="U9", user_id="U1"
        )
        await PlatformInstallationStore(state_a).async_save(saved)
        bot = await PlatformInstallationStore(state_b).async_find_bot(
            enterprise_id=None, team_id="T9"
        )
        assert bot is not None
        assert bot.bot_token == "xoxb-t9"
    finally:
        for engine in engines:
            engine.dispose()


async def test_home_tab_shows_the_users_own_interviews_and_settings(
    fake_slack: FakeSlack, core_services: tuple[Services, Clock]
) -> None:
    services, _clock = core_services
    async with serving(fake_slack, services.state, services.coach) as app:
        await command_reply(app, "Zyxcorp today 12:00 with Dana Lee")
        await app.sender.event(payload("event_app_home_opened"))
        [publish] = await fake_slack.wait_for("views.publish")
        assert publish.params["user_id"] == SEEKER
        view = json.dumps(publish.params["view"])
        assert "Zyxcorp" in view
        assert "Quiet hours" in view

        someone_else = payload("event_app_home_opened")
        someone_else["event"]["user"] = "U0INTRUDER"
        someone_else["event_id"] = "Ev0HOME0002"
        await app.sender.event(someone_else)
        [_, theirs] = await fake_slack.wait_for("views.publish", count=2)
        assert theirs.params["user_id"] == "U0INTRUDER"
        assert "Zyxcorp" not in json.dumps(theirs.params["view"])


async def test_a_question_by_dm_gets_the_advisors_verdict_in_block_kit(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    services = Services.build(settings_for(f"sqlite:///{tmp_path / 'advice.db'}"))  # real advisor
    try:
        async with serving(fake_slack, services.state, services.coach) as app:
            question = payload("event_message_im")
            question["event"]["text"] = "Is it okay to show up at their office to ask for news?"
            await app.sender.event(question)
            [answer] = await fake_slack.wait_for("chat.postMessage")
            assert answer.params["channel"] == "D0SEEKER1"
            [mark] = [b for b in answer.blocks if b["type"] == "context"]
            assert mark["elements"][0]["text"] in {
                ":red_circle: *Avoid*",
                ":large_yellow_circle: *Careful*",
            }
            assert len([b for b in answer.blocks if b["type"] == "section"]) >= 3  # why, instead
    finally:
        services.close()
