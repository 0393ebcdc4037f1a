"""The nudge plan: loading and validation, due times across DST, quiet hours, weekends, grace."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nudges.plan import (
    CONTROLS,
    OUTCOMES,
    Plan,
    PlannedNudge,
    Preferences,
    Step,
    add_business_days,
    load_plan,
    next_allowed,
    parse_duration,
    parse_plan,
    plan_nudges,
    reshape_for_decision_date,
)
from bot.rulefiles import RulebookError
from tests import paths

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC_ZONE = ZoneInfo("UTC")
DATA = paths.DATA / "plans"


def anytime(zone: ZoneInfo = UTC_ZONE) -> Preferences:
    """Preferences that never move a nudge."""
    return Preferences(timezone=zone, quiet_start=time(0, 0), quiet_end=time(0, 0), weekends=True)


OUTCOME_DATA = {o: {"title": o, "why": "because", "do": "this"} for o in OUTCOMES}


def step(step_id: str = "s", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": step_id,
        "title": "Title",
        "why": "Why",
        "do": "Do",
        "controls": ["done"],
        "grace": "1d",
        "due": {"after": "1h"},
    }
    data.update(extra)
    return data


def plan_of(*steps: dict[str, Any]) -> Plan:
    return parse_plan({"steps": list(steps), "outcomes": OUTCOME_DATA}, origin="test.yaml")


def local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def problems_of(data: object, tmp_path: Path) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    with pytest.raises(RulebookError) as caught:
        load_plan(path)
    return [p.replace(str(path), "FILE") for p in caught.value.problems]


# -- the shipped plan -----------------------------------------------------------------------


def test_shipped_plan_has_the_steps_and_outcomes_from_the_articles() -> None:
    plan = load_plan()
    ids = [s.id for s in plan.steps]
    assert ids[:5] == ["thank_you", "references", "keep_looking", "follow_up", "final_follow_up"]
    for s in plan.steps:
        assert s.why
        assert s.do
        assert s.source
        assert set(s.controls) <= CONTROLS
        assert "done" in s.controls
    assert set(plan.outcomes) == set(OUTCOMES)
    assert "in person" not in plan.step("follow_up").do.lower()
    assert "never appropriate" in plan.step("follow_up").why
    assert "signed" in plan.outcomes["offer"].do
    assert "negotiate" in plan.outcomes["offer"].why
    assert plan.step("thank_you").grace < plan.step("keep_looking").grace
    assert plan.step("follow_up").after_decision is not None


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


def test_seconds_plan_runs_in_moments() -> None:
    plan = load_plan(DATA / "seconds.yaml")
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    nudges = plan_nudges(now, anytime(), plan, now=now)
    assert [n.step.id for n in nudges] == [s.id for s in plan.steps]
    offsets = [(n.due - now).total_seconds() for n in nudges]
    assert offsets == sorted(offsets)
    assert offsets[0] > 0
    assert offsets[-1] <= 15


def test_default_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = DATA / "seconds.yaml"
    monkeypatch.setenv("AFTERVIEW_PLAN", str(seconds))
    assert load_plan().origin == str(seconds)
    monkeypatch.delenv("AFTERVIEW_PLAN")
    monkeypatch.setenv("AFTERVIEW_RULES", str(tmp_path))
    assert load_plan().origin.endswith("rules/plan.yaml")  # no plan.yaml there: shipped one
    (tmp_path / "plan.yaml").write_text(seconds.read_text())
    assert load_plan().origin == str(tmp_path / "plan.yaml")


# -- validation -----------------------------------------------------------------------------


def test_bad_duration(tmp_path: Path) -> None:
    data = {"steps": [step("thank_you", grace="3 hrs")], "outcomes": OUTCOME_DATA}
    assert problems_of(data, tmp_path) == [
        "FILE: step thank_you: field grace: '3 hrs' is not a duration; "
        "use e.g. 30s, 20m, 3h, 2d, 1w"
    ]


def test_unknown_control(tmp_path: Path) -> None:
    data = {"steps": [step("follow_up", controls=["done", "nag"])], "outcomes": OUTCOME_DATA}
    assert problems_of(data, tmp_path) == [
        "FILE: step follow_up: field controls: unknown control 'nag' "
        "(known: done, offer, rejected, snooze, stop)"
    ]


def test_missing_field(tmp_path: Path) -> None:
    broken = step("references")
    del broken["why"]
    assert problems_of({"steps": [broken], "outcomes": OUTCOME_DATA}, tmp_path) == [
        "FILE: step references: field why: missing"
    ]


def test_duplicate_step_id(tmp_path: Path) -> None:
    data = {"steps": [step("a"), step("b"), step("a")], "outcomes": OUTCOME_DATA}
    assert problems_of(data, tmp_path) == ["FILE: step a: field id: duplicate step id"]


def test_timing_problems_name_the_nested_field(tmp_path: Path) -> None:
    data = {
        "steps": [
            step("a", due={"days": 1, "at": "25:00"}),
            step("b", due={"after": "1h", "days": 1}),
            step("c", due={"days": 1, "business_days": 2}),
            step("d", due={"in": "1h"}),
            step("e", due={}),
            step("f", after_decision={"after": "soon"}),
            step("g", due={"days": -1}),
        ],
        "outcomes": OUTCOME_DATA,
    }
    assert problems_of(data, tmp_path) == [
        "FILE: step a: field due.at: '25:00' is not a local time of day; use HH:MM, e.g. '09:30'",
        "FILE: step b: field due: use either 'after' alone or 'days'/'business_days' with 'at'",
        "FILE: step c: field due: use 'days' or 'business_days', not both",
        "FILE: step d: field due.in: unknown field "
        "(expected one of: after, at, business_days, days)",
        "FILE: step e: field due: needs 'after', 'days' or 'business_days'",
        "FILE: step f: field after_decision.after: 'soon' is not a duration; "
        "use e.g. 30s, 20m, 3h, 2d, 1w",
        "FILE: step g: field due.days: -1 must be a whole number of days from 0 to 366",
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    outcomes = dict(OUTCOME_DATA)
    del outcomes["pending"]
    outcomes["hired"] = {"title": "t", "why": "w", "do": "d"}
    data = {
        "steps": [step("Bad Id"), step("ok", title="", colour="red")],
        "outcomes": outcomes,
        "extra": 1,
    }
    assert problems_of(data, tmp_path) == [
        "FILE: unknown top-level field(s): extra",
        "FILE: step Bad Id: field id: 'Bad Id' must be lower_snake_case (letters, digits, _)",
        "FILE: step ok: field colour: unknown field (expected one of: after_decision, any_day, "
        "controls, do, due, grace, id, source, title, why)",
        "FILE: step ok: field title: must be non-empty text",
        "FILE: outcome hired: unknown outcome (known: offer, rejected, withdrawn, pending)",
        "FILE: outcome pending: missing",
    ]


def test_not_yaml_or_not_a_plan(tmp_path: Path) -> None:
    assert problems_of("steps: [unclosed", tmp_path)[0].startswith("FILE: not valid YAML:")
    assert problems_of("- just a list", tmp_path) == [
        "FILE: the plan must be a mapping with 'steps' and 'outcomes'"
    ]
    assert problems_of({"steps": [], "outcomes": OUTCOME_DATA}, tmp_path) == [
        "FILE: field steps: must be a non-empty list of steps"
    ]
    with pytest.raises(RulebookError, match="cannot read the plan"):
        load_plan(tmp_path / "missing.yaml")


def test_unquoted_clock_time_is_read_as_the_time_meant() -> None:
    """YAML 1.1 reads an unquoted 09:30 as the number 570; it still means 09:30."""
    plan = parse_plan(
        yaml.safe_load(yaml.safe_dump({"steps": [step()], "outcomes": {}}))
        | {
            "steps": [
                yaml.safe_load(
                    "id: s\ntitle: T\nwhy: W\ndo: D\ncontrols: [done]\n"
                    "grace: 1d\ndue: {days: 1, at: 09:30}"
                )
            ],
            "outcomes": OUTCOME_DATA,
        }
    )
    assert plan.steps[0].timing.at == time(9, 30)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("20m", 1200),
        ("3h", 10800),
        ("2d", 172800),
        ("1w", 604800),
        ("1d 12h", 129600),
        ("1h30m", 5400),
        (45, 45),
        ("0s", 0),
    ],
)
def test_parse_duration(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "3", "h", "3 hrs", "-1h", "1.5h", True, None, [], -5])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError, match=r"duration|negative"):
        parse_duration(text)


def test_unknown_step_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_step"):
        plan_of(step()).step("no_such_step")


# -- timing across daylight-saving changes --------------------------------------------------


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


def test_nonexistent_local_time_moves_forward_by_the_gap() -> None:
    plan = plan_of(step("at_0230", due={"days": 1, "at": "02:30"}))
    prefs = anytime(BERLIN)
    interview = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    [nudge] = plan_nudges(interview, prefs, plan, now=interview)
    assert local(nudge.due, BERLIN) == "2026-03-29 03:30 CEST"


def test_repeated_local_time_takes_its_first_occurrence() -> None:
    plan = plan_of(step("at_0230", due={"days": 1, "at": "02:30"}))
    prefs = anytime(BERLIN)
    interview = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
    [nudge] = plan_nudges(interview, prefs, plan, now=interview)
    assert nudge.due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST


# -- quiet hours and weekends ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "quiet", "expected"),
    [
        ("2026-11-17 22:00", ("21:00", "08:00"), "2026-11-18 08:00"),
        ("2026-11-17 21:00", ("21:00", "08:00"), "2026-11-18 08:00"),
        ("2026-11-18 07:59", ("21:00", "08:00"), "2026-11-18 08:00"),
        ("2026-11-18 08:00", ("21:00", "08:00"), "2026-11-18 08:00"),
        ("2026-11-17 20:59", ("21:00", "08:00"), "2026-11-17 20:59"),
        ("2026-11-17 00:30", ("23:00", "07:00"), "2026-11-17 07:00"),
        ("2026-11-17 12:30", ("12:00", "14:00"), "2026-11-17 14:00"),
        ("2026-11-17 14:00", ("12:00", "14:00"), "2026-11-17 14:00"),
        ("2026-11-17 03:00", ("00:00", "00:00"), "2026-11-17 03:00"),
        # Friday night: quiet until 08:00 Saturday, then the weekend until Monday 08:00.
        ("2026-11-20 22:00", ("21:00", "08:00"), "2026-11-23 08:00"),
        ("2026-11-21 12:00", ("21:00", "08:00"), "2026-11-23 08:00"),
        ("2026-11-22 23:30", ("00:00", "00:00"), "2026-11-23 00:00"),
    ],
)
def test_next_allowed(moment: str, quiet: tuple[str, str], expected: str) -> None:
    prefs = Preferences(
        timezone=BERLIN,
        quiet_start=time.fromisoformat(quiet[0]),
        quiet_end=time.fromisoformat(quiet[1]),
    )
    start = datetime.fromisoformat(moment).replace(tzinfo=BERLIN)
    result = next_allowed(start, prefs)
    assert result.tzinfo is UTC
    assert result.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") == expected


def test_weekends_allowed_only_quiet_hours_apply() -> None:
    prefs = Preferences(timezone=BERLIN, weekends=True)
    saturday_noon = datetime(2026, 11, 21, 12, 0, tzinfo=BERLIN)
    assert next_allowed(saturday_noon, prefs) == saturday_noon.astimezone(UTC)
    saturday_night = datetime(2026, 11, 21, 23, 0, tzinfo=BERLIN)
    assert local(next_allowed(saturday_night, prefs), BERLIN) == "2026-11-22 08:00 CET"


def test_quiet_hours_end_in_a_dst_gap_moves_forward() -> None:
    prefs = Preferences(
        timezone=BERLIN, quiet_start=time(23, 0), quiet_end=time(2, 30), weekends=True
    )
    moment = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
    assert local(next_allowed(moment, prefs), BERLIN) == "2026-03-29 03:30 CEST"


def _clock_minutes(value: int) -> time:
    return time(value // 60, value % 60)


def _is_quiet(moment: datetime, prefs: Preferences) -> bool:
    t = moment.astimezone(prefs.timezone).time()
    start, end = prefs.quiet_start, prefs.quiet_end
    if start == end:
        return False
    return start <= t < end if start < end else (t >= start or t < end)


def _allowed(moment: datetime, prefs: Preferences) -> bool:
    weekend = moment.astimezone(prefs.timezone).weekday() >= 5
    return not _is_quiet(moment, prefs) and (prefs.weekends or not weekend)


@settings(max_examples=400, deadline=None)
@given(
    minutes=st.integers(0, 2 * 366 * 24 * 60),
    start=st.integers(0, 24 * 60 - 1),
    end=st.integers(0, 24 * 60 - 1),
    weekends=st.booleans(),
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), UTC_ZONE]),
)
def test_next_allowed_is_never_quiet_and_never_later_than_needed(
    minutes: int, start: int, end: int, weekends: bool, zone: ZoneInfo
) -> None:
    prefs = Preferences(zone, _clock_minutes(start), _clock_minutes(end), weekends)
    moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    result = next_allowed(moment, prefs)
    assert result >= moment
    assert _allowed(result, prefs)
    if result > moment:
        assert not _allowed(result - timedelta(minutes=1), prefs)


def _rules_for(step: Step, prefs: Preferences) -> Preferences:
    """The preferences a step is held to: an `any_day` step ignores the weekend rule."""
    return replace(prefs, weekends=True) if step.any_day else prefs


def test_planned_nudges_are_never_due_in_quiet_hours_or_weekends() -> None:
    plan = load_plan()
    prefs = Preferences(timezone=NEW_YORK, quiet_start=time(20, 0), quiet_end=time(9, 0))
    start = datetime(2026, 10, 26, 0, 0, tzinfo=NEW_YORK)
    for hour in range(0, 24 * 14, 5):
        interview = start + timedelta(hours=hour)
        for nudge in plan_nudges(interview, prefs, plan, now=interview):
            rules = _rules_for(nudge.step, prefs)
            assert _allowed(nudge.due, rules), (interview, nudge.step.id, nudge.due)
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


def test_any_day_must_be_a_boolean(tmp_path: Path) -> None:
    problems = problems_of({"steps": [step(any_day="yes")], "outcomes": OUTCOME_DATA}, tmp_path)
    assert problems == ["FILE: step s: field any_day: must be true or false, not 'yes'"]


# -- grace, late registration and future interviews -----------------------------------------


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


def test_business_days_skip_weekends() -> None:
    friday = datetime(2026, 11, 20).date()
    assert add_business_days(friday, 1).isoformat() == "2026-11-23"
    assert add_business_days(friday, 5).isoformat() == "2026-11-27"
    saturday = datetime(2026, 11, 21).date()
    assert add_business_days(saturday, 1).isoformat() == "2026-11-23"
    assert add_business_days(saturday, 0) == saturday


@given(start=st.dates(max_value=date(9000, 1, 1)), count=st.integers(0, 400))
def test_business_days_match_counting_one_day_at_a_time(start: date, count: int) -> None:
    expected, left = start, count
    while left > 0:
        expected += timedelta(days=1)
        left -= expected.weekday() < 5
    assert add_business_days(start, count) == expected


# -- decision dates -------------------------------------------------------------------------


def _planned(interview: datetime, prefs: Preferences, plan: Plan) -> list[PlannedNudge]:
    return plan_nudges(interview, prefs, plan, now=interview)


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


SHIPPED = load_plan()
SECONDS = load_plan(DATA / "seconds.yaml")


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
    prefs = Preferences(zone, _clock_minutes(start), _clock_minutes(end), weekends)
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
        assert _allowed(nudge.due, _rules_for(nudge.step, prefs))
    for missing in {s.id for s in plan.steps} - {n.step.id for n in nudges}:
        step = plan.step(missing)
        raw = step.timing.due(interview, zone)
        assert next_allowed(max(raw, now), _rules_for(step, prefs)) > raw + step.grace
