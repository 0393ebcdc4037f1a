"""Linking identities through the real coach and database: codes, sharing, isolation, unlink."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.accounts import codes
from bot.accounts.service import LinkStatus
from bot.core.messages import Action, Identity, Request
from bot.db.models import Interview, LinkCode, Nudge, NudgeState, PlatformIdentity, User
from bot.interviews.service import NewInterview
from bot.services import Services
from tests.nudge_support import Clock, build_services

SLACK = Identity("slack", "T1", "U1")
DISCORD = Identity("discord", "-", "42")
MALLORY = Identity("discord", "-", "666")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(db_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(db_url, clock=clock)
    yield built
    built.close()


def say(services: Services, who: Identity, text: str) -> str:
    return services.coach.handle(Request(who, text=text)).plain()


def code_of(services: Services, who: Identity) -> str:
    return services.accounts.issue_code(who).code


def test_a_code_links_two_platforms_into_one_list_and_one_set_of_settings(
    services: Services, clock: Clock
) -> None:
    services.tracker.register(SLACK, NewInterview("Acme", clock.now))
    services.tracker.register(DISCORD, NewInterview("Globex", clock.now))
    services.tracker.set_timezone(SLACK, ZoneInfo("Europe/Paris"))
    reply = say(services, SLACK, "link")
    shown = reply.split("Your link code: ")[1].split()[0]
    assert "-" in shown
    answer = say(services, DISCORD, f"link {shown.lower()}")
    assert "Linked" in answer
    for who in (SLACK, DISCORD):
        companies = {v.company for v in services.tracker.interviews(who)}
        assert companies == {"Acme", "Globex"}
        assert services.tracker.preferences(who).timezone.key == "Europe/Paris"
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        assert session.scalar(select(func.count()).select_from(PlatformIdentity)) == 2
        assert session.scalar(select(func.count()).select_from(LinkCode)) == 0


def test_a_click_from_either_identity_acts_on_the_shared_data_and_no_one_else_can(
    services: Services, clock: Clock
) -> None:
    view = services.tracker.register(SLACK, NewInterview("Acme", clock.now))
    assert services.accounts.redeem(DISCORD, code_of(services, SLACK)).status is LinkStatus.LINKED
    nudge = view.upcoming[0].id
    forged = Request(MALLORY, action=Action("nudge.done", str(nudge)))
    assert "couldn't find" in services.coach.handle(forged).plain()
    assert services.tracker.interview(MALLORY, view.id) is None
    clicked = Request(DISCORD, action=Action("nudge.done", str(nudge)))
    assert "couldn't find" not in services.coach.handle(clicked).plain()
    with services.sessions() as session:
        assert session.get(Nudge, nudge).state == NudgeState.DONE.value  # type: ignore[union-attr]
    assert services.tracker.stop(SLACK, view.id) is not None


def test_codes_expire_work_once_and_not_for_their_own_account(
    services: Services, clock: Clock
) -> None:
    code = code_of(services, SLACK)
    assert services.accounts.redeem(SLACK, code).status is LinkStatus.OWN
    code = code_of(services, SLACK)
    clock.advance(codes.TTL + timedelta(seconds=1))
    assert services.accounts.redeem(DISCORD, code).status is LinkStatus.EXPIRED
    code = code_of(services, SLACK)
    assert services.accounts.redeem(DISCORD, code).status is LinkStatus.LINKED
    assert services.accounts.redeem(MALLORY, code).status is LinkStatus.WRONG
    assert services.tracker.interviews(MALLORY) == []
    assert len(services.accounts.linked(SLACK)) == 2


def test_a_new_code_replaces_the_old_one(services: Services) -> None:
    old = code_of(services, SLACK)
    new = code_of(services, SLACK)
    assert services.accounts.redeem(DISCORD, old).status is LinkStatus.WRONG
    assert services.accounts.redeem(DISCORD, new).status is LinkStatus.LINKED


def test_guessing_is_stopped_after_five_wrong_codes_per_identity(
    services: Services, clock: Clock
) -> None:
    real = code_of(services, SLACK)
    wrong = "".join("2" if ch != "2" else "3" for ch in real)
    for left in range(codes.MAX_FAILURES - 1, -1, -1):
        result = services.accounts.redeem(MALLORY, wrong)
        assert result.status is LinkStatus.WRONG
        assert result.tries_left == left
    blocked = services.accounts.redeem(MALLORY, real)
    assert blocked.status is LinkStatus.LIMITED
    assert blocked.retry_after is not None
    assert "Too many wrong codes" in say(services, MALLORY, f"link {real}")
    # the real owner's code was not used up by the blocked attempt, and others can still link
    assert services.accounts.redeem(DISCORD, real).status is LinkStatus.LINKED
    clock.advance(codes.FAILURE_WINDOW)
    assert services.accounts.redeem(MALLORY, wrong).status is LinkStatus.WRONG


def test_malformed_codes_are_refused_kindly(services: Services) -> None:
    answer = say(services, DISCORD, "link <!channel> @everyone")
    assert "doesn't match" in answer
    assert "<!channel>" not in answer


def test_unlink_leaves_the_job_hunt_with_the_other_account(
    services: Services, clock: Clock
) -> None:
    services.tracker.register(DISCORD, NewInterview("Globex", clock.now))
    services.accounts.redeem(DISCORD, code_of(services, SLACK))
    assert services.accounts.set_nudges_to(SLACK, "discord")
    answer = say(services, DISCORD, "unlink")
    assert "stay with Slack" in answer
    assert [v.company for v in services.tracker.interviews(SLACK)] == ["Globex"]
    assert services.tracker.interviews(DISCORD) == []
    assert services.accounts.nudges_to(SLACK) is None
    with services.sessions() as session:
        platforms = set(
            session.scalars(select(Nudge.platform).where(Nudge.state == NudgeState.PENDING.value))
        )
        owners = set(session.scalars(select(Interview.user_id)))
    assert platforms == {"slack"}
    assert len(owners) == 1
    assert "isn't linked" in say(services, DISCORD, "unlink")


def test_settings_nudges_moves_every_pending_nudge_and_needs_a_linked_account(
    services: Services, clock: Clock
) -> None:
    services.tracker.register(SLACK, NewInterview("Acme", clock.now))
    assert "no account on Discord" in say(services, SLACK, "settings nudges discord")
    services.accounts.redeem(DISCORD, code_of(services, SLACK))
    assert "Nudges now go to Discord" in say(services, SLACK, "settings nudges discord")
    services.tracker.register(SLACK, NewInterview("Initech", clock.now))
    with services.sessions() as session:
        platforms = set(
            session.scalars(select(Nudge.platform).where(Nudge.state == NudgeState.PENDING.value))
        )
    assert platforms == {"discord"}
    panel = services.coach.handle(Request(SLACK, text="settings"))
    assert "Nudges go to: Discord" in panel.plain()
    assert [b.value for b in panel.controls] == ["slack"]  # type: ignore[union-attr]
    clicked = services.coach.handle(Request(DISCORD, action=Action("account.nudges", "slack")))
    assert "Nudges now go to Slack" in clicked.plain()
    assert "Which timezone" not in say(services, SLACK, "settings nudges terminal")
