"""The interview statements: a registration's rows, cancelling what is owed, deleting a user."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.db import interviews as rows
from bot.db import users
from bot.db.models import Interview, Nudge, NudgeState, User
from bot.interviews.views import NewInterview
from bot.services import Services
from tests.nudge_support import Clock, build_services, user

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    built = build_services(db_url, clock=Clock(NOW))  # a Wednesday noon: no quiet hours
    yield built
    built.close()


def _count(services: Services, model: type[object]) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _interview_row(user_id: int) -> dict[str, object]:
    """The columns of one interview row, as the registration writes them."""
    return {
        "user_id": user_id,
        "company": "Acme",
        "at": NOW,
        "timezone": "UTC",
        "interviewers": [],
        "role": None,
        "status": "active",
        "created_at": NOW,
    }


def _nudge_row(user_id: int, *, platform: str) -> dict[str, object]:
    """The columns every nudge of one registration shares."""
    return {
        "user_id": user_id,
        "state": "pending",
        "due_at": NOW,
        "planned_at": NOW,
        "attempts": 0,
        "platform": platform,
    }


def test_insert_registration_returns_the_id_of_each_step(services: Services) -> None:
    with services.engine.begin() as conn:
        user_id = users.create_row(conn, users.identity_key(user()), timezone=None, now=NOW)
        interview = _interview_row(user_id)
        nudge = _nudge_row(user_id, platform="console")
        interview_id, ids = rows.insert_registration(
            conn,
            interview,
            [
                {**nudge, "step_id": "a", "delivery_key": "k1"},
                {**nudge, "step_id": "b", "delivery_key": "k2"},
            ],
        )
    with services.sessions() as session:
        for step, nudge_id in ids.items():
            stored = session.get(Nudge, nudge_id)
            assert stored is not None
            assert (stored.step_id, stored.interview_id) == (step, interview_id)
    assert set(ids) == {"a", "b"}


def test_a_registration_stores_every_value_as_given_with_or_without_nudges(
    services: Services,
) -> None:
    """On PostgreSQL the interview and its nudges go in one statement, on SQLite in two, and
    without nudges the interview alone: the rows are the same."""
    later = NOW + timedelta(days=1, microseconds=7)
    with services.engine.begin() as conn:
        user_id = users.create_row(conn, users.identity_key(user()), timezone=None, now=NOW)
        interview = {
            "user_id": user_id,
            "company": "Acme",
            "at": NOW,
            "timezone": "Europe/Berlin",
            "interviewers": ["Dana Lee", 'O"Neil'],
            "role": "Engineer",
            "status": "active",
            "created_at": later,
        }
        nudge = {
            "user_id": user_id,
            "step_id": "a",
            "state": "pending",
            "due_at": later,
            "planned_at": NOW,
            "attempts": 0,
            "delivery_key": "k1",
            "platform": "slack",
        }
        with_nudge, ids = rows.insert_registration(conn, interview, [nudge])
        alone, none = rows.insert_registration(conn, {**interview, "company": "Beta"}, [])
    assert none == {}
    with services.sessions() as session:
        stored = session.get(Interview, with_nudge)
        other = session.get(Interview, alone)
        stored_nudge = session.get(Nudge, ids["a"])
        assert stored is not None
        assert other is not None
        assert stored_nudge is not None
        assert (stored.company, other.company) == ("Acme", "Beta")
        assert (stored.at, stored.created_at, stored.timezone) == (NOW, later, "Europe/Berlin")
        assert (stored.interviewers, stored.role, stored.status) == (
            ["Dana Lee", 'O"Neil'],
            "Engineer",
            "active",
        )
        assert stored.user_id == other.user_id == user_id
        assert [n.id for n in stored.nudges] == [ids["a"]]
        assert other.nudges == []
        assert (stored_nudge.due_at, stored_nudge.planned_at) == (later, NOW)
        assert stored_nudge.due_at.tzinfo is UTC
        assert (stored_nudge.state, stored_nudge.attempts, stored_nudge.delivery_key) == (
            "pending",
            0,
            "k1",
        )
        assert (stored_nudge.platform, stored_nudge.user_id) == ("slack", user_id)


def test_the_nudges_of_one_registration_share_their_person_and_platform(
    services: Services,
) -> None:
    with services.engine.begin() as conn:
        user_id = users.create_row(conn, users.identity_key(user()), timezone=None, now=NOW)
        interview = _interview_row(user_id)
        nudge = {**_nudge_row(user_id, platform="slack"), "step_id": "a", "delivery_key": "k1"}
        other = {**nudge, "step_id": "b", "delivery_key": "k2", "platform": "discord"}
        with pytest.raises(ValueError, match="share"):
            rows.insert_registration(conn, interview, [nudge, other])


def test_cancel_open_counts_only_what_was_still_owed(services: Services) -> None:
    view = services.tracker.register(user(), NewInterview("Acme", NOW))
    owed = len(view.upcoming)
    services.tracker.done(user(), view.upcoming[0].id)
    with services.sessions.begin() as session:
        assert rows.cancel_open(session, view.id, "test") == owed - 1
    with services.sessions() as session:
        states = set(session.scalars(select(Nudge.state)))
    assert states == {NudgeState.DONE.value, NudgeState.CANCELLED.value}


def test_delete_user_removes_every_row_about_them_and_no_one_else(services: Services) -> None:
    services.tracker.register(user("ada"), NewInterview("Acme", NOW))
    kept = services.tracker.register(user("bob"), NewInterview("Globex", NOW))
    with services.sessions.begin() as session:
        ada = users.find(session, user("ada"))
        assert ada is not None
        deleted = rows.delete_user(session, ada)
    assert deleted.interviews == 1
    assert deleted.nudges == len(kept.upcoming)  # the same plan for both
    assert _count(services, User) == 1
    assert _count(services, Interview) == 1
    assert _count(services, Nudge) == len(kept.upcoming)
