"""The decisions for one claimed nudge, without a database: skip, hold, send, retry, give up."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import DeliverySettings
from bot.core.messages import Identity
from bot.db.queue import Claimed
from bot.db.users import StoredPreferences
from bot.nudges.plan_file import load_plan
from bot.nudges.policy import Hold, NudgePolicy, Send, Skip, gave_up, hours
from tests.bot.nudges.plan_support import UTC_ZONE
from tests.nudge_support import SHIPPED_PLAN

PLAN = load_plan(SHIPPED_PLAN)
THANK_YOU = PLAN.step("thank_you")  # grace 20h
NOON = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # a Wednesday
POLICY = NudgePolicy(
    DeliverySettings(
        max_attempts=6, backoff_seconds=1.0, backoff_max_seconds=10.0, late_after_seconds=60.0
    ),
    UTC_ZONE,
)


NO_QUIET_HOURS = StoredPreferences("UTC", None, None, True, True)


def quiet_hours(start: str, end: str) -> StoredPreferences:
    return dataclasses.replace(NO_QUIET_HOURS, quiet_start=start, quiet_end=end, quiet_off=False)


def claimed(late_by: timedelta = timedelta(seconds=10), **changes: object) -> Claimed:
    """A thank-you nudge claimed at noon, `late_by` after it was planned, with no quiet hours."""
    base = Claimed(
        nudge_id=41,
        interview_id=7,
        user_id=3,
        step_id="thank_you",
        due_at=NOON - late_by,
        planned_at=NOON - late_by,
        attempts=1,
        delivery_key="k41",
        lease_until=NOON + timedelta(minutes=2),
        claimed_at=NOON,
        recipient=Identity("console", "local", "ada"),
        company="Acme",
        interviewers=(),
        role=None,
        interview_at=NOON - timedelta(hours=4),
        interview_timezone="UTC",
        preferences=NO_QUIET_HOURS,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def decide(item: Claimed) -> Skip | Hold | Send:
    return POLICY.before_send(item, PLAN.step(item.step_id))


def test_a_step_gone_from_the_plan_is_skipped_by_its_name() -> None:
    decision = POLICY.before_send(claimed(step_id="retired"), None)
    assert decision == Skip("skipped: the plan no longer has a step 'retired'")


def test_past_its_grace_it_is_skipped_with_when_it_came_due_and_how_late() -> None:
    decision = decide(claimed(late_by=timedelta(hours=21)))
    assert decision == Skip(
        "skipped: came due 2026-11-17 15:00 UTC and was 21h late, past its grace of 20h"
    )


def test_a_nudge_owed_in_quiet_hours_is_held_until_they_end() -> None:
    item = claimed(preferences=quiet_hours("11:00", "13:00"))
    assert decide(item) == Hold(NOON + timedelta(hours=1), "held until quiet hours ended")


def test_quiet_hours_ending_within_a_second_do_not_hold_it() -> None:
    item = claimed(preferences=quiet_hours("11:00", "12:00"))
    almost = dataclasses.replace(item, claimed_at=NOON - timedelta(milliseconds=500))
    assert isinstance(decide(almost), Send)
    early = dataclasses.replace(item, claimed_at=NOON - timedelta(seconds=2))
    assert decide(early) == Hold(NOON, "held until quiet hours ended")


@pytest.mark.parametrize(
    ("late_by", "late", "note"),
    [
        (timedelta(seconds=10), False, None),
        (timedelta(seconds=60), False, None),
        (timedelta(seconds=61), True, "sent 61s late, with an apology"),
        (timedelta(hours=5), True, "sent 5h late, with an apology"),
    ],
)
def test_a_send_says_sorry_only_past_the_late_threshold(
    late_by: timedelta, late: bool, note: str | None
) -> None:
    decision = decide(claimed(late_by=late_by))
    assert isinstance(decision, Send)
    assert (decision.late_by, decision.late, decision.note) == (late_by, late, note)
    assert ("Sorry this is late" in decision.reply.plain()) is late
    assert decision.reply.text == f"{THANK_YOU.title} — Acme"


@pytest.mark.parametrize(
    ("interview_zone", "shown"),
    [("Europe/Paris", "09:00 CET"), ("Not/AZone", "03:00 EST")],
)
def test_the_interview_time_is_shown_in_its_own_zone_else_the_persons(
    interview_zone: str, shown: str
) -> None:
    item = claimed(
        interview_at=datetime(2026, 11, 18, 8, 0, tzinfo=UTC),
        interview_timezone=interview_zone,
        preferences=dataclasses.replace(NO_QUIET_HOURS, timezone="America/New_York"),
    )
    decision = decide(item)
    assert isinstance(decision, Send)
    assert shown in decision.reply.plain()


@pytest.mark.parametrize(
    ("attempts", "retry_after", "delay"),
    [
        (1, None, 1.0),
        (2, None, 2.0),
        (4, None, 8.0),
        (5, None, 10.0),  # capped at backoff_max_seconds
        (2, 7.5, 7.5),  # the platform asked for longer
        (4, 3.0, 8.0),  # a shorter retry-after never shortens the backoff
    ],
)
def test_a_failed_send_backs_off_doubling_up_to_the_cap(
    attempts: int, retry_after: float | None, delay: float
) -> None:
    assert POLICY.backoff(attempts, retry_after) == timedelta(seconds=delay)


def test_the_last_allowed_attempt_gives_up_and_says_how_many() -> None:
    assert POLICY.backoff(5, None) is not None
    assert POLICY.backoff(6, 1.0) is None
    assert gave_up(6, "HTTP 503") == "gave up after 6 attempts: HTTP 503"


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "0s"), (119, "119s"), (120, "2m"), (7199, "119m"), (7200, "2h"), (90000, "25h")],
)
def test_lateness_is_said_in_seconds_minutes_or_hours(seconds: int, said: str) -> None:
    assert hours(timedelta(seconds=seconds)) == said
