"""Editing an interview and adding a round, as a user types them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.messages import Request
from bot.db.models import Interview, Nudge
from bot.services import Services
from tests.bot.interviews.conversation import say
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services, user


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    clock = Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()


def pending(services: Services, interview_id: int) -> list[Nudge]:
    with services.sessions() as session:
        query = select(Nudge).where(Nudge.interview_id == interview_id, Nudge.state == "pending")
        return list(session.scalars(query.order_by(Nudge.step_id)))


def test_a_new_time_moves_every_pending_nudge_and_shows_them(services: Services) -> None:
    say(services, "interviewed Acme today 9am with Dana Lee")
    before = {n.step_id: n.due_at for n in pending(services, 1)}
    reply = say(services, "edit I1 time tomorrow 9am")
    assert reply.text == "Updated I1: Acme — Thu 19 Nov 09:00 CET, with Dana Lee"
    after = {n.step_id: n.due_at for n in pending(services, 1)}
    assert set(after) == set(before)
    assert all(after[step] > before[step] for step in before)
    assert "moved with the new time" in reply.plain()
    for nudge in pending(services, 1):
        assert f"N{nudge.id} " in reply.plain()
    with services.sessions() as session:
        stored = session.get(Interview, 1)
        assert stored is not None
        assert stored.at == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)


def test_company_people_and_role_can_be_changed(services: Services) -> None:
    say(services, "interviewed Acme today 9am")
    assert say(services, "edit I1 company Globex Corp").text.startswith("Updated I1: Globex Corp")
    assert "with Dana Lee, Sam Roe" in say(services, "edit i1 with Dana Lee, Sam Roe").text
    assert say(services, "edit 1 role Data Analyst").text.endswith("(for Data Analyst)")
    listed = say(services, "list").plain()
    assert "Globex Corp" in listed


def test_another_round_keeps_the_company_and_people(services: Services) -> None:
    say(services, "interviewed Acme today 9am with Dana Lee for Analyst")
    reply = say(services, "round I1 tomorrow 3pm")
    assert reply.text == "Got it: Acme — Thu 19 Nov 15:00 CET, with Dana Lee (for Analyst)"
    assert say(services, "list").text == "You have 2 active interviews."


def test_bad_edits_get_the_form_and_change_nothing(services: Services) -> None:
    say(services, "interviewed Acme today 9am")
    assert say(services, "edit").text == "What should I change? For example:"
    assert say(services, "edit I1 colour blue").text == "What should I change? For example:"
    assert say(services, "edit I9 company X").text.startswith("I couldn't find")
    assert say(services, "edit I1 time whenever").tone.value == "warning"
    say(services, "cancel I1")
    assert say(services, "edit I1 company X").text.startswith("I couldn't find an active")
    other = services.coach.handle(Request(who=user("eve"), text="edit I1 company Mine"))
    assert other.text.startswith("I couldn't find")
