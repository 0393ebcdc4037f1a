"""Wall-clock rules: quiet hours, weekends, business days and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nudges.calendar import Preferences, add_business_days, first_at_or_after, next_allowed
from bot.nudges.plan import plan_nudges
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


def test_quiet_hours_that_end_in_a_dst_gap_are_over_when_the_clock_jumps() -> None:
    prefs = Preferences(
        timezone=BERLIN, quiet_start=time(23, 0), quiet_end=time(2, 30), weekends=True
    )
    moment = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
    assert local(next_allowed(moment, prefs), BERLIN) == "2026-03-29 03:00 CEST"


def test_a_midnight_that_a_dst_change_skips_begins_when_the_clock_jumps() -> None:
    # Santiago's clocks go from 00:00 straight to 01:00 on 6 September 2026.
    santiago = ZoneInfo("America/Santiago")
    wall = datetime(2026, 9, 6, 0, 0)
    first = first_at_or_after(wall, santiago)
    assert first.strftime("%Y-%m-%d %H:%M") == "2026-09-06 01:00"
    assert datetime.fromtimestamp(first.timestamp() - 1, santiago).strftime("%H:%M") == "23:59"


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
    prefs = Preferences(zone, clock_minutes(start), clock_minutes(end), weekends)
    moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    result = next_allowed(moment, prefs)
    assert result >= moment
    assert allowed(result, prefs)
    if result > moment:
        assert not allowed(result - timedelta(minutes=1), prefs)


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
