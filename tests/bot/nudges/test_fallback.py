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
from tests.nudge_support import Clock, RecordingNotifier, always_on

SLACK = Identity("slack", "T1", "U1")
DISCORD = Identity("discord", "-", "42")


@pytest.fixture
def notifiers(services: Services) -> tuple[RecordingNotifier, RecordingNotifier]:
    slack, discord = RecordingNotifier("slack"), RecordingNotifier("discord")
    services.add_notifier(slack)
    services.add_notifier(discord)
    return slack, discord


def linked_with_nudges_to_discord(services: Services) -> list[int]:
    always_on(services, SLACK)
    view = services.tracker.register(SLACK, NewInterview("Acme", services.tracker.now()))
    assert services.accounts.redeem(DISCORD, services.accounts.issue_code(SLACK).code)
    assert services.accounts.set_nudges_to(SLACK, "discord")
    return [n.id for n in view.upcoming]


async def test_a_nudge_registered_on_slack_arrives_on_discord(
    services: Services, clock: Clock, notifiers: tuple[RecordingNotifier, RecordingNotifier]
) -> None:
    slack, discord = notifiers
    first = linked_with_nudges_to_discord(services)[0]
    with services.sessions.begin() as session:
        row = session.get(Nudge, first)
        assert row is not None
        row.due_at = row.planned_at = clock.now
    stats = await services.dispatcher.run_due()
    assert stats.sent >= 1
    assert [d.recipient for d in discord.deliveries if d.nudge_id == first] == [DISCORD]
    assert slack.deliveries == []


async def test_unreachable_on_discord_falls_back_to_slack_once_and_says_so(
    services: Services, clock: Clock, notifiers: tuple[RecordingNotifier, RecordingNotifier]
) -> None:
    slack, discord = notifiers
    ids = linked_with_nudges_to_discord(services)
    with services.sessions.begin() as session:
        row = session.get(Nudge, ids[0])
        assert row is not None
        row.due_at = row.planned_at = clock.now
    discord.failures[ids[0]] = [RecipientUnreachable("DMs closed (50007)")]
    stats = await services.dispatcher.run_due()
    assert stats.fell_back == 1
    assert stats.unreachable == 0
    assert [d.recipient for d in slack.deliveries] == [SLACK]
    assert discord.counts()[ids[0]] == 0
    await services.dispatcher.run_due()
    assert slack.counts()[ids[0]] == 1  # never twice
    with services.sessions() as session:
        assert session.get(Nudge, ids[0]).state == NudgeState.SENT.value  # type: ignore[union-attr]
        assert session.scalars(select(Unreachable)).first() is None
    told = services.coach.handle(Request(DISCORD, text="list")).plain()
    assert "could not reach you on Discord" in told
    assert "could not reach you" not in services.coach.handle(Request(SLACK, text="list")).plain()


async def test_unreachable_everywhere_holds_the_nudge_and_loses_nothing(
    services: Services, clock: Clock, notifiers: tuple[RecordingNotifier, RecordingNotifier]
) -> None:
    slack, discord = notifiers
    ids = linked_with_nudges_to_discord(services)
    with services.sessions.begin() as session:
        row = session.get(Nudge, ids[0])
        assert row is not None
        row.due_at = row.planned_at = clock.now
    discord.failures[ids[0]] = [RecipientUnreachable("DMs closed")]
    slack.failures[ids[0]] = [RecipientUnreachable("app uninstalled")]
    stats = await services.dispatcher.run_due()
    assert stats.unreachable == 1
    with services.sessions() as session:
        held = session.get(Nudge, ids[0])
        assert held is not None
        assert held.state == NudgeState.PENDING.value
        assert "discord" in (held.last_error or "")
        assert "slack" in (held.last_error or "")
    services.coach.handle(Request(SLACK, text="list"))  # talking again clears the hold
    await services.dispatcher.run_due()
    assert discord.counts()[ids[0]] == 1
    assert slack.counts()[ids[0]] == 0


async def test_a_transient_error_retries_on_the_chosen_platform_without_falling_back(
    services: Services, clock: Clock, notifiers: tuple[RecordingNotifier, RecordingNotifier]
) -> None:
    slack, discord = notifiers
    ids = linked_with_nudges_to_discord(services)
    with services.sessions.begin() as session:
        row = session.get(Nudge, ids[0])
        assert row is not None
        row.due_at = row.planned_at = clock.now
    discord.failures[ids[0]] = [TransientDeliveryError("502")]
    stats = await services.dispatcher.run_due()
    assert stats.retried == 1
    assert slack.deliveries == []
