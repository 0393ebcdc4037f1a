"""The nudge plan's types, and the pure function that turns an interview into nudge due times.

The plan is data (``rules/plan.yaml``, read by `bot.nudges.plan_file`), so that it can be read,
edited and tested like the rest of the rulebook, and so that a test or demo plan can use offsets
of seconds. Everything here is a pure function of its arguments (no clock, no database): the
tracker and the dispatcher call it. Wall-clock rules live in `bot.nudges.calendar`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.nudges.calendar import Preferences, add_business_days, next_allowed, resolve_local


@dataclass(frozen=True, slots=True)
class Timing:
    """When something is due relative to a base moment (the interview, or a decision date).

    Either ``after`` alone (whole days of it on the wall clock, the rest as elapsed time), or
    ``days`` / ``business_days`` after the base's local date, at ``at`` local time (default:
    the base's own time of day).
    """

    after: timedelta | None = None
    days: int | None = None
    business_days: int | None = None
    at: time | None = None

    def due(self, base: datetime, zone: ZoneInfo) -> datetime:
        """The aware UTC moment this timing names, counted from ``base`` in ``zone``."""
        if self.after is not None:
            whole_days = timedelta(days=self.after.days)
            rest = self.after - whole_days
            if not whole_days:  # pure elapsed time: no wall clock, so no DST question
                return base.astimezone(UTC) + rest
            wall = base.astimezone(zone).replace(tzinfo=None) + whole_days
            return resolve_local(wall, zone).astimezone(UTC) + rest
        local = base.astimezone(zone)
        day = local.date()
        if self.days is not None:
            day += timedelta(days=self.days)
        if self.business_days is not None:
            day = add_business_days(day, self.business_days)
        if self.at is None and day == local.date():
            return base.astimezone(UTC)  # same day, same time: the base itself
        at = self.at if self.at is not None else local.time()
        return resolve_local(datetime.combine(day, at), zone).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Step:
    """One nudge of the plan. Every nudge says why and what to do; ``grace`` is how late it may
    still be delivered before it no longer makes sense and is skipped."""

    id: str
    title: str
    why: str
    do: str
    source: str | None
    controls: tuple[str, ...]
    grace: timedelta
    timing: Timing
    after_decision: Timing | None = None
    """If set, the step waits for a promised decision: it moves to this long after that date."""
    any_day: bool = False
    """Weekends do not hold it back (quiet hours still do): for steps that cannot wait."""


@dataclass(frozen=True, slots=True)
class OutcomeAdvice:
    """What to tell a user when they record an outcome."""

    outcome: str
    title: str
    why: str
    do: str
    source: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Step, ...]
    outcomes: Mapping[str, OutcomeAdvice]
    origin: str = field(default="", compare=False)
    """Where the plan was loaded from, for messages and logs."""

    def step(self, step_id: str) -> Step:
        """The step with this id; a ``KeyError`` naming it if the plan has none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"the plan has no step {step_id!r}")


@dataclass(frozen=True, slots=True)
class PlannedNudge:
    step: Step
    due: datetime
    """Aware UTC, already outside quiet hours (and weekends unless allowed)."""


# -- planning -------------------------------------------------------------------------------


def _planned(
    step: Step, raw_due: datetime, prefs: Preferences, now: datetime
) -> PlannedNudge | None:
    """Move a raw due time out of quiet hours (and never before now); None if that is too late
    for the step to make sense any more."""
    if step.any_day and not prefs.weekends:
        prefs = replace(prefs, weekends=True)
    due = next_allowed(max(raw_due, now), prefs)
    if due > raw_due + step.grace:
        return None
    return PlannedNudge(step=step, due=due)


def plan_nudges(
    interview_at: datetime, prefs: Preferences, plan: Plan, *, now: datetime
) -> list[PlannedNudge]:
    """The nudges owed for an interview, earliest first.

    A step whose time has passed but is still within its grace is due now (or when quiet hours
    end); one that could only arrive after ``due + grace`` is left out. A future interview is
    fine: everything counts from it.
    """
    _require_aware(interview_at, "interview_at")
    _require_aware(now, "now")
    nudges: list[PlannedNudge] = []
    for step in plan.steps:
        planned = _planned(step, step.timing.due(interview_at, prefs.timezone), prefs, now)
        if planned is not None:
            nudges.append(planned)
    nudges.sort(key=lambda n: n.due)
    return nudges


def reshape_for_decision_date(
    planned: Sequence[PlannedNudge], decide_by: datetime, prefs: Preferences, plan: Plan
) -> list[PlannedNudge]:
    """Hold the steps that wait for a decision ("they'll decide by Friday") until after it.

    Steps are looked up in ``plan`` by id (so a nudge stored under an older plan follows the
    current one). Only steps with ``after_decision`` move, and only later, never earlier: a
    follow-up already due after the new time keeps its time. The result is sorted.
    """
    _require_aware(decide_by, "decide_by")
    current = {step.id: step for step in plan.steps}
    reshaped: list[PlannedNudge] = []
    for nudge in planned:
        step = current.get(nudge.step.id, nudge.step)
        if step.after_decision is None:
            reshaped.append(nudge)
            continue
        held = next_allowed(step.after_decision.due(decide_by, prefs.timezone), prefs)
        reshaped.append(PlannedNudge(step=nudge.step, due=max(nudge.due, held)))
    reshaped.sort(key=lambda n: n.due)
    return reshaped


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")
