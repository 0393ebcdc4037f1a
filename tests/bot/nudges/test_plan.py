"""Planning: due times across DST, quiet hours, weekends, grace and decision dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nudges.calendar import Preferences, next_allowed
from bot.nudges.plan import Plan, PlannedNudge, Step, plan_nudges, reshape_for_decision_date
from bot.nudges.plan_file import load_plan
from tests import paths
from tests.bot.nudges.plan_support import (
    BERLIN,
    NEW_YORK,
    UTC_ZONE,
    allowed,
    anytime,
    clock_minutes,
    local,
    plan_of,
    step,
)

DATA = paths.DATA / "plans"


def _rules_for(step: Step, prefs: Preferences) -> Preferences:
    """The preferences a step is held to: an `any_day` step ignores the weekend rule."""
    return replace(prefs, weekends=True) if step.any_day else prefs


def _planned(interview: datetime, prefs: Preferences, plan: Plan) -> list[PlannedNudge]:
    return plan_nudges(interview, prefs, plan, now=interview)


SHIPPED = load_plan()


SECONDS = load_plan(DATA / "seconds.yaml")


def test_shipped_plan_timeline_for_a_tuesday_afternoon_interview() -> None:
    plan = load_plan()
    interview = datetime(2026, 11, 17, 15, 0, tzinfo=BERLIN)
    due = {
        n.step.id: local(n.due, BERLIN)
        for n in plan_nudges(interview, Preferences(timezone=BERLIN), plan, now=interview)
    }
    assert due == {
        "thank_you": "2026-11-17 18:00 CET",
        "references": "2026-11-18 10:00 CET",
        "keep_looking": "2026-11-19 09:30 CET",
        "follow_up": "2026-11-24 10:00 CET",
        "final_follow_up": "2026-12-01 10:00 CET",
        "move_on": "2026-12-08 10:00 CET",
    }


def test_unknown_step_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_step"):
        plan_of(step()).step("no_such_step")


@pytest.mark.parametrize(
    ("zone", "interview", "expected_utc"),
    [
        # Berlin falls back on Sun 2026-10-25: 09:30 is CET (UTC+1) the next day.
        (BERLIN, datetime(2026, 10, 24, 15, 0), datetime(2026, 10, 25, 8, 30)),
        # New York falls back on Sun 2026-11-01: 09:30 is EST (UTC-5).
        (NEW_YORK, datetime(2026, 10, 31, 15, 0), datetime(2026, 11, 1, 14, 30)),
        # Berlin springs forward on Sun 2026-03-29: 09:30 is CEST (UTC+2).
        (BERLIN, datetime(2026, 3, 28, 15, 0), datetime(2026, 3, 29, 7, 30)),
    ],
)
def test_next_day_at_0930_stays_0930_local_across_dst(
    zone: ZoneInfo, interview: datetime, expected_utc: datetime
) -> None:
    plan = plan_of(step("next_morning", due={"days": 1, "at": "09:30"}))
    prefs = Preferences(timezone=zone, weekends=True)
    at = interview.replace(tzinfo=zone)
    [nudge] = plan_nudges(at, prefs, plan, now=at)
    assert nudge.due == expected_utc.replace(tzinfo=UTC)
    assert nudge.due.tzinfo is UTC
    assert nudge.due.astimezone(zone).strftime("%H:%M") == "09:30"


def test_whole_days_are_wall_clock_and_hours_are_elapsed_across_dst() -> None:
    plan = plan_of(
        step("same_time_tomorrow", due={"after": "1d"}),
        step("three_hours", due={"after": "3h"}),
    )
    prefs = anytime(BERLIN)
    interview = datetime(2026, 10, 25, 1, 0, tzinfo=BERLIN)  # CEST; 03:00 CEST -> 02:00 CET
    due = {n.step.id: n.due for n in plan_nudges(interview, prefs, plan, now=interview)}
    assert local(due["same_time_tomorrow"], BERLIN) == "2026-10-26 01:00 CET"
    assert due["three_hours"] - interview == timedelta(hours=3)
    assert local(due["three_hours"], BERLIN) == "2026-10-25 03:00 CET"


def test_planned_nudges_are_never_due_in_quiet_hours_or_weekends() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=NEW_YORK, quiet_start=time(20, 0), quiet_end=time(9, 0))
    start = datetime(2026, 10, 26, 0, 0, tzinfo=NEW_YORK)
    for hour in range(0, 24 * 14, 5):
        interview = start + timedelta(hours=hour)
        for nudge in plan_nudges(interview, prefs, plan, now=interview):
            rules = _rules_for(nudge.step, prefs)
            assert allowed(nudge.due, rules), (interview, nudge.step.id, nudge.due)
            assert nudge.due >= interview


def test_an_any_day_step_is_not_held_until_monday() -> None:
    plan = plan_of(step("urgent", any_day=True, grace="20h"), step("routine", grace="20h"))
    prefs = Preferences(timezone=BERLIN)  # weekends off, quiet 21:00-08:00
    saturday = datetime(2026, 11, 21, 15, 0, tzinfo=BERLIN)
    due = {
        n.step.id: local(n.due, BERLIN) for n in plan_nudges(saturday, prefs, plan, now=saturday)
    }
    assert due == {"urgent": "2026-11-21 16:00 CET"}  # the routine one would be past its grace
    late = datetime(2026, 11, 21, 20, 30, tzinfo=BERLIN)
    (nudge,) = plan_nudges(late, prefs, plan, now=late)
    assert local(nudge.due, BERLIN) == "2026-11-22 08:00 CET"  # quiet hours still apply


def test_the_shipped_thank_you_reminder_survives_a_weekend() -> None:
    prefs = Preferences(timezone=BERLIN)
    saturday = datetime(2026, 11, 21, 15, 0, tzinfo=BERLIN)
    sunday_night = datetime(2026, 11, 22, 3, 55, tzinfo=BERLIN)
    ids = [n.step.id for n in plan_nudges(saturday, prefs, load_plan(), now=sunday_night)]
    assert ids[0] == "thank_you"


def test_registering_late_leaves_out_what_no_longer_makes_sense() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=BERLIN)
    interview = datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN)  # Friday
    now = datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)  # Sunday
    nudges = plan_nudges(interview, prefs, plan, now=now)
    due = {n.step.id: local(n.due, BERLIN) for n in nudges}
    assert "thank_you" not in due  # a thank-you reminder two days late is pointless
    assert due["references"] == "2026-11-23 08:00 CET"  # overdue but within grace: Monday
    assert due["keep_looking"] == "2026-11-23 08:00 CET"
    assert due["follow_up"] == "2026-11-27 10:00 CET"
    assert all(n.due >= now for n in nudges)


def test_overdue_within_grace_is_due_now_not_in_the_past() -> None:
    plan = plan_of(step("soon", due={"after": "1h"}, grace="1d"))
    prefs = anytime(BERLIN)
    interview = datetime(2026, 11, 17, 10, 0, tzinfo=BERLIN)
    now = interview + timedelta(hours=5)
    [nudge] = plan_nudges(interview, prefs, plan, now=now)
    assert nudge.due == now


def test_grace_ends_exactly_at_due_plus_grace() -> None:
    plan = plan_of(step("soon", due={"after": "1h"}, grace="2h"))
    prefs = anytime(BERLIN)
    interview = datetime(2026, 11, 17, 10, 0, tzinfo=BERLIN)
    assert plan_nudges(interview, prefs, plan, now=interview + timedelta(hours=3))
    assert not plan_nudges(interview, prefs, plan, now=interview + timedelta(hours=3, seconds=1))


def test_quiet_hours_that_push_a_step_past_its_grace_drop_it() -> None:
    plan = plan_of(step("short", due={"after": "1h"}, grace="2h"))
    prefs = Preferences(timezone=BERLIN, weekends=True)
    interview = datetime(2026, 11, 17, 22, 0, tzinfo=BERLIN)  # due 23:00, quiet until 08:00
    assert plan_nudges(interview, prefs, plan, now=interview) == []


def test_future_interview_counts_from_the_interview() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=BERLIN)
    now = datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN)
    interview = datetime(2026, 11, 19, 14, 0, tzinfo=BERLIN)  # Thursday
    nudges = plan_nudges(interview, prefs, plan, now=now)
    assert nudges[0].step.id == "thank_you"
    assert local(nudges[0].due, BERLIN) == "2026-11-19 17:00 CET"
    assert all(n.due > interview for n in nudges)


def test_naive_datetimes_are_refused() -> None:
    plan = plan_of(step())
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_nudges(datetime(2026, 11, 17, 10), Preferences(), plan, now=datetime.now(UTC))


def test_decision_date_holds_follow_ups_until_after_it() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=BERLIN)
    interview = datetime(2026, 11, 17, 15, 0, tzinfo=BERLIN)  # Tuesday
    planned = _planned(interview, prefs, plan)
    decide_by = datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)  # "by Friday" (next week)
    reshaped = {
        n.step.id: local(n.due, BERLIN)
        for n in reshape_for_decision_date(planned, decide_by, prefs, plan)
    }
    before = {n.step.id: local(n.due, BERLIN) for n in planned}
    assert reshaped["follow_up"] == "2026-11-30 10:00 CET"  # the Monday after
    assert reshaped["final_follow_up"] == "2026-12-07 10:00 CET"
    for unchanged in ("thank_you", "references", "keep_looking", "move_on"):
        assert reshaped[unchanged] == before[unchanged]


def test_decision_date_never_pulls_a_follow_up_earlier() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=BERLIN)
    interview = datetime(2026, 11, 17, 15, 0, tzinfo=BERLIN)
    planned = _planned(interview, prefs, plan)
    soon = datetime(2026, 11, 18, 12, 0, tzinfo=BERLIN)
    reshaped = reshape_for_decision_date(planned, soon, prefs, plan)
    assert sorted((n.step.id, n.due) for n in reshaped) == sorted(
        (n.step.id, n.due) for n in planned
    )


def test_decision_date_only_touches_the_nudges_still_owed() -> None:
    plan = load_plan(DATA / "seconds.yaml")
    prefs = anytime()
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    remaining = [n for n in _planned(now, prefs, plan) if n.step.id == "final_follow_up"]
    decide_by = now + timedelta(seconds=30)
    [moved] = reshape_for_decision_date(remaining, decide_by, prefs, plan)
    assert moved.step.id == "final_follow_up"
    assert moved.due == decide_by + timedelta(seconds=6)


def test_interview_in_the_repeated_hour_keeps_its_own_occurrence() -> None:
    """02:30 happens twice in Berlin on 2026-10-25; the second one is 01:30 UTC."""
    plan = plan_of(
        step("seconds", due={"after": "3s"}),
        step("same_day", due={"days": 0}),
        step("next_day", due={"after": "1d"}),
    )
    prefs = anytime(BERLIN)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert second.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    due = {n.step.id: n.due for n in plan_nudges(second, prefs, plan, now=second)}
    assert due["seconds"] == datetime(2026, 10, 25, 1, 30, 3, tzinfo=UTC)
    assert due["same_day"] == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert local(due["next_day"], BERLIN) == "2026-10-26 02:30 CET"


@settings(max_examples=300, deadline=None)
@given(
    interview_minutes=st.integers(0, 366 * 24 * 60),
    late_minutes=st.integers(-3 * 24 * 60, 30 * 24 * 60),
    start=st.integers(0, 24 * 60 - 1),
    end=st.integers(0, 24 * 60 - 1),
    weekends=st.booleans(),
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), UTC_ZONE]),
    plan=st.sampled_from([SHIPPED, SECONDS]),
)
def test_planned_nudges_respect_plan_grace_and_preferences(
    interview_minutes: int,
    late_minutes: int,
    start: int,
    end: int,
    weekends: bool,
    zone: ZoneInfo,
    plan: Plan,
) -> None:
    prefs = Preferences(zone, clock_minutes(start), clock_minutes(end), weekends)
    interview = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=interview_minutes)
    now = interview + timedelta(minutes=late_minutes)
    nudges = plan_nudges(interview, prefs, plan, now=now)
    assert [n.due for n in nudges] == sorted(n.due for n in nudges)
    assert len({n.step.id for n in nudges}) == len(nudges)
    for nudge in nudges:
        raw = nudge.step.timing.due(interview, zone)
        assert nudge.due.tzinfo is UTC
        assert nudge.due >= max(raw, now)
        assert nudge.due <= raw + nudge.step.grace
        assert allowed(nudge.due, _rules_for(nudge.step, prefs))
    for missing in {s.id for s in plan.steps} - {n.step.id for n in nudges}:
        step = plan.step(missing)
        raw = step.timing.due(interview, zone)
        assert next_allowed(max(raw, now), _rules_for(step, prefs)) > raw + step.grace
