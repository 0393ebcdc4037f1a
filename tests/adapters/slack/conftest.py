"""Fixtures for the Slack adapter: a fake Slack, a core to talk to, and the app served on HTTP."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from bot.core.coach import Coach, Command
from bot.core.messages import (
    Action,
    Advice,
    Button,
    ButtonStyle,
    Choice,
    Menu,
    Reply,
    Request,
    Section,
    Tone,
    Verdict,
)
from bot.core.ports import Core, PlatformState, WorkspaceEraser
from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.platform_state import SqlPlatformState
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SlackSender

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


class FixedAdviceForPlumbing:
    """Adapter plumbing only: always the same verdict, so tests look at transport, not advice."""

    def advise(self, question: str) -> Advice:
        return Advice(
            question=question,
            verdict=Verdict.CAUTION,
            rule_id="plumbing",
            why="Plumbing check: this answer is fixed.",
            instead="Send a short thank-you email instead.",
            confidence=1.0,
            title="Connecting on LinkedIn",
        )


def plumbing_coach() -> Coach:
    """A real `Coach` with a stand-in ``interviewed`` command and ``probe`` buttons.

    The command echoes the user's text (to test escaping) and offers a button and a menu whose
    value names their owner; the ``probe`` action refuses anyone else, like the core does.
    """
    coach = Coach(FixedAdviceForPlumbing())

    def interviewed(request: Request, rest: str) -> Reply:
        owner = request.who.user
        return Reply(
            text=f"Registered: {rest}",
            sections=(
                Section(f"Company: {rest}", title="Plan"),
                Section(f"Timezone: {request.tz_hint}"),
            ),
            controls=(
                Button("Stop nudges", "probe.stop", f"{owner}:1", ButtonStyle.DANGER),
                Menu("Snooze", "probe.snooze", (Choice("1 hour", f"{owner}:1h"),)),
            ),
            tone=Tone.INFO,
        )

    def probe(request: Request, action: Action) -> Reply:
        owner, _, what = action.value.partition(":")
        if owner != request.who.user:
            return Reply(text="Sorry, that button isn't yours to press.", tone=Tone.WARNING)
        return Reply(text=f"Done: {action.action_id} {what}", tone=Tone.OK)

    def slow(request: Request, rest: str) -> Reply:
        time.sleep(0.3)  # longer than the ack budget the slow-path test configures
        return Reply(text=f"Slow answer for {rest}")

    coach.register(Command("interviewed", "interviewed COMPANY", "register", interviewed))
    coach.register(Command("slow", "slow", "answers after the ack budget", slow))
    coach.on_action("probe", probe)
    return coach


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def platform_state(tmp_path: Path) -> Iterator[SqlPlatformState]:
    """The core's real `PlatformState` on a SQLite file."""
    engine = make_engine(f"sqlite:///{tmp_path / 'slack-state.db'}")
    upgrade(engine)
    yield SqlPlatformState(make_sessions(engine))
    engine.dispose()


def http_config(fake: FakeSlack, **changes: Any) -> SlackConfig:
    base: dict[str, Any] = {
        "signing_secret": SECRET,
        "bot_token": BOT_TOKEN,
        "api_url": fake.api_url,
        "mode": "http",
        "host": "127.0.0.1",
        "port": 0,
        # Generous, so that plumbing tests see the reply in the ack on a busy machine too;
        # tests through the real core accept either path (see `command_reply`).
        "ack_budget": 2.0,
    }
    base.update(changes)
    return SlackConfig(**base)


@dataclass
class ServedApp:
    runtime: SlackRuntime
    fake: FakeSlack
    sender: SlackSender
    state: PlatformState
    coach: Coach


@asynccontextmanager
async def serving(
    fake: FakeSlack,
    state: PlatformState,
    coach: Coach | None = None,
    privacy: WorkspaceEraser | None = None,
    **changes: Any,
) -> AsyncIterator[ServedApp]:
    """The Slack app on 127.0.0.1 over a core, with a signed-request sender."""
    runtime = SlackRuntime(http_config(fake, **changes))
    coach = coach or plumbing_coach()
    await runtime.start(Core(coach=coach, state=state, privacy=privacy))
    url = f"http://127.0.0.1:{runtime.port}/slack/events"
    try:
        async with SlackSender(url, SECRET, fake.response_url()) as sender:
            yield ServedApp(runtime, fake, sender, state, coach)
    finally:
        await runtime.stop()


@pytest.fixture
async def served(fake_slack: FakeSlack, platform_state: PlatformState) -> AsyncIterator[ServedApp]:
    async with serving(fake_slack, platform_state) as app:
        yield app


async def command_reply(app: ServedApp, text: str, command: str = "/interviewed") -> dict[str, Any]:
    """The reply to a slash command, whether it came in the ack or later via ``respond()``."""
    before = len(app.fake.calls_to("response_url"))
    answer = await app.sender.command(text, command=command)
    assert answer.status == 200
    if answer.text:
        return answer.json()
    calls = await app.fake.wait_for("response_url", count=before + 1)
    return calls[before].params
