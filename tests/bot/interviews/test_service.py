from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.db import users
from bot.db.models import Interview, Nudge, NudgeState, PlatformIdentity, Unreachable, User
from bot.interviews.service import NewInterview
from bot.nudges.plan import plan_nudges
from bot.services import Services
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services, user

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))  # a Wednesday


@pytest.fixture
def services(db_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(db_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()


def _interview(at: datetime, company: str = "Acme") -> NewInterview:
    return NewInterview(company=company, at=at, interviewers=("Dana Lee",), role="Analyst")


def _count(services: Services, model: type[object]) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_register_stores_the_interview_and_the_planned_nudges(
    services: Services, clock: Clock
) -> None:
    at = datetime(2026, 11, 18, 10, 0, tzinfo=PARIS)
    view = services.tracker.register(user(), _interview(at))
    prefs = services.tracker.preferences(user())
    expected = plan_nudges(at, prefs, services.plan, now=clock.now)
    assert [(n.step_id, n.due_at) for n in view.upcoming] == [(p.step.id, p.due) for p in expected]
    assert view.company == "Acme"
    assert view.interviewers == ("Dana Lee",)
    assert view.at == at.astimezone(UTC)
    with services.sessions() as session:
        keys = session.scalars(select(Nudge.delivery_key)).all()
    assert len(keys) == len(set(keys)) == len(expected)
    assert all(len(k) <= 25 for k in keys)


def test_the_platform_hint_seeds_the_timezone_only_for_a_user_without_one(
    services: Services,
) -> None:
    services.tracker.register(
        user(), _interview(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)), tz_hint="America/New_York"
    )
    assert services.tracker.preferences(user()).timezone.key == "America/New_York"
    services.tracker.set_timezone(user(), PARIS)
    services.tracker.register(
        user(), _interview(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)), tz_hint="Asia/Tokyo"
    )
    assert services.tracker.preferences(user()).timezone.key == "Europe/Paris"


def test_a_known_person_without_a_zone_gets_the_hint_and_the_interview_together(
    services: Services,
) -> None:
    # the zone is written before the interview: on PostgreSQL that registration is no
    # longer one statement, and runs in a transaction
    services.tracker.register(user(), _interview(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)))
    with services.sessions() as session:
        assert session.scalars(select(User.timezone)).all() == [None]
    view = services.tracker.register(
        user(), _interview(datetime(2026, 11, 19, 9, 0, tzinfo=UTC)), tz_hint="Asia/Tokyo"
    )
    assert view.zone.key == "Asia/Tokyo"
    assert services.tracker.preferences(user()).timezone.key == "Asia/Tokyo"
    assert _count(services, Interview) == 2
    with services.sessions() as session:
        stored_zones = session.scalars(select(Interview.timezone).order_by(Interview.id)).all()
    assert stored_zones == ["Europe/Paris", "Asia/Tokyo"]


def _refuse_nudges(services: Services) -> None:
    """The database itself refuses the nudges' INSERT, as a full disk would."""
    with services.engine.begin() as conn:
        if services.engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON nudges "
                "BEGIN SELECT RAISE(ABORT, 'disk is full'); END"
            )
            return
        conn.exec_driver_sql(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'disk is full'; END $$"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON nudges FOR EACH ROW EXECUTE FUNCTION refuse()"
        )


def test_a_refused_registration_leaves_neither_the_interview_nor_the_seeded_zone(
    services: Services,
) -> None:
    services.tracker.register(user(), _interview(datetime(2026, 11, 18, 9, 0, tzinfo=UTC)))
    _refuse_nudges(services)
    with pytest.raises(Exception, match="disk is full"):
        services.tracker.register(
            user(), _interview(datetime(2026, 11, 19, 9, 0, tzinfo=UTC)), tz_hint="Asia/Tokyo"
        )
    with pytest.raises(Exception, match="disk is full"):
        services.tracker.register(user("new"), _interview(datetime(2026, 11, 19, 9, 0, tzinfo=UTC)))
    assert _count(services, Interview) == 1
    assert _count(services, User) == 1
    with services.sessions() as session:
        assert session.scalars(select(User.timezone)).all() == [None]


def test_another_user_can_neither_see_nor_change_my_interviews(services: Services) -> None:
    mine = services.tracker.register(user("ada"), _interview(datetime.now(UTC)))
    nudge_id = mine.upcoming[0].id
    other = user("eve")
    assert services.tracker.interviews(other) == []
    assert services.tracker.interview(other, mine.id) is None
    assert services.tracker.cancel(other, mine.id) is None
    assert services.tracker.stop(other, mine.id) is None
    assert services.tracker.snooze(other, nudge_id, "1h") is None
    assert services.tracker.done(other, nudge_id) is None
    assert services.tracker.record_outcome(other, mine.id, "offer") is None
    assert services.tracker.interview_of_nudge(other, nudge_id) is None
    same_name_other_workspace = user("ada", workspace="T-OTHER")
    assert services.tracker.cancel(same_name_other_workspace, mine.id) is None
    after = services.tracker.interview(user("ada"), mine.id)
    assert after is not None
    assert after.status == "active"
    assert [n.state for n in after.upcoming] == [n.state for n in mine.upcoming]


def test_snoozing_a_pending_nudge_moves_it_out_of_quiet_hours(
    services: Services, clock: Clock
) -> None:
    view = services.tracker.register(user(), _interview(datetime(2026, 11, 18, 9, tzinfo=PARIS)))
    first = view.upcoming[0]
    clock.now = datetime(2026, 11, 18, 20, 30, tzinfo=PARIS).astimezone(UTC)
    snoozed = services.tracker.snooze(user(), first.id, "1h")
    assert snoozed is not None
    assert snoozed.id == first.id
    # 21:30 local is in the default quiet hours (21:00-08:00): it waits for the morning.
    assert snoozed.due_at == datetime(2026, 11, 19, 8, 0, tzinfo=PARIS).astimezone(UTC)
    assert snoozed.state == "pending"


def test_snoozing_a_delivered_nudge_owes_it_again_under_a_new_delivery_key(
    services: Services,
) -> None:
    view = services.tracker.register(user(), _interview(datetime.now(UTC)))
    first = view.upcoming[0]
    with services.sessions.begin() as session:
        row = session.get(Nudge, first.id)
        assert row is not None
        row.state, old_key = NudgeState.SENT.value, row.delivery_key
    again = services.tracker.snooze(user(), first.id, "tomorrow")
    assert again is not None
    assert again.id != first.id
    assert again.state == "pending"
    with services.sessions() as session:
        old, new = session.get(Nudge, first.id), session.get(Nudge, again.id)
        assert old is not None
        assert new is not None
        assert old.state == "done"
        assert new.delivery_key != old_key
        assert new.step_id == old.step_id


def test_done_stop_and_cancel_close_what_is_owed(services: Services) -> None:
    a = services.tracker.register(user(), _interview(datetime.now(UTC), "Acme"))
    b = services.tracker.register(user(), _interview(datetime.now(UTC), "Globex"))
    done = services.tracker.done(user(), a.upcoming[0].id)
    assert done is not None
    assert done.state == "done"
    stopped = services.tracker.stop(user(), a.id)
    assert stopped is not None
    assert stopped.status == "stopped"
    assert stopped.upcoming == ()
    cancelled = services.tracker.cancel(user(), b.id)
    assert cancelled is not None
    assert cancelled.status == "cancelled"
    assert {n.state for n in cancelled.nudges} == {"cancelled"}
    assert services.tracker.interviews(user()) == []
    assert len(services.tracker.interviews(user(), include_closed=True)) == 2


def test_an_offer_cancels_the_remaining_nudges_and_brings_the_offer_advice(
    services: Services,
) -> None:
    view = services.tracker.register(user(), _interview(datetime.now(UTC)))
    result = services.tracker.record_outcome(user(), view.id, "offer")
    assert result is not None
    assert result.cancelled == len(view.upcoming) > 0
    assert result.interview.status == "closed"
    assert result.interview.outcome == "offer"
    assert result.advice is services.plan.outcomes["offer"]


def test_a_decision_date_holds_follow_ups_until_after_it(services: Services, clock: Clock) -> None:
    view = services.tracker.register(user(), _interview(datetime(2026, 11, 18, 9, tzinfo=PARIS)))
    before = {n.step_id: n.due_at for n in view.upcoming}
    decide_by = datetime(2026, 12, 4, 17, 0, tzinfo=PARIS)
    result = services.tracker.record_outcome(user(), view.id, "pending", decide_by=decide_by)
    assert result is not None
    assert result.moved >= 1
    after = {n.step_id: n.due_at for n in result.interview.upcoming}
    assert after["follow_up"] > decide_by > before["follow_up"]
    assert after["thank_you"] == before["thank_you"]
    assert result.interview.decide_by == decide_by.astimezone(UTC)
    assert result.interview.status == "active"


def test_changing_quiet_hours_moves_pending_nudges_out_of_them(
    services: Services,
) -> None:
    view = services.tracker.register(user(), _interview(datetime(2026, 11, 18, 9, tzinfo=PARIS)))
    services.tracker.set_quiet(user(), time(9, 0), time(11, 0))
    moved = services.tracker.interview(user(), view.id)
    assert moved is not None
    for nudge in moved.upcoming:
        local = nudge.due_at.astimezone(PARIS).time()
        assert not time(9, 0) <= local < time(11, 0), nudge
    prefs = services.tracker.set_quiet(user(), None, None)
    assert prefs.quiet_start == prefs.quiet_end
    assert services.tracker.set_weekends(user(), True).weekends is True


def test_forget_me_deletes_every_row_about_the_user_and_only_theirs(services: Services) -> None:
    services.tracker.register(user("ada"), _interview(datetime.now(UTC)))
    services.tracker.register(user("bob"), _interview(datetime.now(UTC)))
    services.tracker.set_timezone(user("ada"), PARIS)
    with services.sessions.begin() as session:
        ada = users.find(session, user("ada"))
        assert ada is not None
        session.add(Unreachable(user_id=ada.id, since=datetime.now(UTC), reason="dm closed"))
    gone = services.tracker.forget(user("ada"))
    assert gone.interviews == 1
    assert gone.nudges > 0
    assert gone.had_preferences
    with services.sessions() as session:
        assert session.scalars(select(PlatformIdentity.user_key)).all() == ["bob"]
        owners = set(session.scalars(select(Interview.user_id)))
        assert len(owners) == 1
    assert _count(services, Unreachable) == 0
    assert services.tracker.forget(user("ada")).interviews == 0


def test_the_unreachable_notice_is_given_once_and_clears_the_mark(services: Services) -> None:
    services.tracker.register(user(), _interview(datetime.now(UTC)))
    woken: list[datetime] = []
    services.tracker.on_change(woken.append)
    assert services.tracker.take_unreachable_notice(user()) is None
    with services.sessions.begin() as session:
        row = session.scalar(select(User))
        assert row is not None
        session.add(Unreachable(user_id=row.id, since=datetime.now(UTC), reason="DMs closed"))
    assert services.unreachable is not None
    services.unreachable.invalidate()  # as the dispatcher does when it marks someone
    assert services.tracker.take_unreachable_notice(user()) == "DMs closed"
    assert services.tracker.take_unreachable_notice(user()) is None
    assert _count(services, Unreachable) == 0
    assert woken, "clearing the mark wakes the dispatcher so held nudges go out"


@pytest.mark.postgres
def test_register_and_forget_on_postgres(pg_url: str, clock: Clock) -> None:
    services = build_services(pg_url, plan=SHIPPED_PLAN, clock=clock)
    try:
        view = services.tracker.register(user(), _interview(datetime.now(UTC)))
        assert view.upcoming
        assert services.tracker.snooze(user(), view.upcoming[0].id, "20m") is not None
        assert services.tracker.forget(user()).nudges == len(view.nudges)
        assert _count(services, Nudge) == 0
    finally:
        services.close()
