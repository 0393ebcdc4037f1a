"""Where nudges go: the chosen platform first, another linked one when it cannot reach the
person, once, and a notice at their next interaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.messages import Identity, Request
from bot.core.ports import RecipientUnreachable, TransientDeliveryError
from bot.db.models import Nudge, NudgeState, Unreachable
from bot.interviews.service import NewInterview
from bot.services import Services
from tests.nudge_support import Clock, RecordingNotifier, always_on, nudge_row

SLACK = Identity("slack", "T1", "U1")
DISCORD = Identity("discord", "-", "42")


@pytest.fixture
def notifiers(services: Services) -> tuple[RecordingNotifier, RecordingNotifier]:
    slack, discord = RecordingNotifier("slack"), RecordingNotifier("discord")
    services.add_notifier(slack)
    services.add_notifier(discord)
    return slack, discord


@pytest.fixture
def owed(services: Services, clock: Clock) -> int:
    """The first nudge of an interview registered on Slack by a person who linked Discord and
    sent nudges there, made due now: its id."""
    always_on(services, SLACK)
    view = services.tracker.register(SLACK, NewInterview("Acme", services.tracker.now()))
    assert services.accounts.redeem(DISCORD, services.accounts.issue_code(SLACK).code)
    assert services.accounts.set_nudges_to(SLACK, "discord")
    first = view.upcoming[0].id
    with services.sessions.begin() as session:
        row = session.get(Nudge, first)
        assert row is not None
        row.due_at = row.planned_at = clock.now
    return first


async def test_a_nudge_registered_on_slack_arrives_on_discord(
    services: Services, notifiers: tuple[RecordingNotifier, RecordingNotifier], owed: int
) -> None:
    slack, discord = notifiers
    stats = await services.dispatcher.run_due()
    assert stats.sent >= 1
    assert [d.recipient for d in discord.deliveries if d.nudge_id == owed] == [DISCORD]
    assert slack.deliveries == []


async def test_unreachable_on_discord_falls_back_to_slack_once_and_says_so(
    services: Services, notifiers: tuple[RecordingNotifier, RecordingNotifier], owed: int
) -> None:
    slack, discord = notifiers
    discord.failures[owed] = [RecipientUnreachable("DMs closed (50007)")]
    stats = await services.dispatcher.run_due()
    assert stats.fell_back == 1
    assert stats.unreachable == 0
    assert [d.recipient for d in slack.deliveries] == [SLACK]
    assert discord.counts()[owed] == 0
    await services.dispatcher.run_due()
    assert slack.counts()[owed] == 1  # never twice
    assert nudge_row(services, owed).state == NudgeState.SENT.value
    with services.sessions() as session:
        assert session.scalars(select(Unreachable)).first() is None
    told = services.coach.handle(Request(DISCORD, text="list")).plain()
    assert "could not reach you on Discord" in told
    assert "could not reach you" not in services.coach.handle(Request(SLACK, text="list")).plain()


async def test_unreachable_everywhere_holds_the_nudge_and_loses_nothing(
    services: Services, notifiers: tuple[RecordingNotifier, RecordingNotifier], owed: int
) -> None:
    slack, discord = notifiers
    discord.failures[owed] = [RecipientUnreachable("DMs closed")]
    slack.failures[owed] = [RecipientUnreachable("app uninstalled")]
    stats = await services.dispatcher.run_due()
    assert stats.unreachable == 1
    held = nudge_row(services, owed)
    assert held.state == NudgeState.PENDING.value
    assert "discord" in (held.last_error or "")
    assert "slack" in (held.last_error or "")
    services.coach.handle(Request(SLACK, text="list"))  # talking again clears the hold
    await services.dispatcher.run_due()
    assert discord.counts()[owed] == 1
    assert slack.counts()[owed] == 0


async def test_a_transient_error_retries_on_the_chosen_platform_without_falling_back(
    services: Services, notifiers: tuple[RecordingNotifier, RecordingNotifier], owed: int
) -> None:
    slack, discord = notifiers
    discord.failures[owed] = [TransientDeliveryError("502")]
    stats = await services.dispatcher.run_due()
    assert stats.retried == 1
    assert slack.deliveries == []
    assert nudge_row(services, owed).last_error == "502"
