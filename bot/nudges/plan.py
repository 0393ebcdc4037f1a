"""The nudge plan as data, and the pure function that turns an interview into nudge due times.

The plan lives in ``rules/plan.yaml`` so that it can be read, edited and tested like the rest of
the rulebook, and so that a test or demo plan can use offsets of seconds. Everything here is a
pure function of its arguments (no clock, no database): the store and dispatcher call it.

Time arithmetic is done on the user's wall clock (``zoneinfo``) and converted to UTC only at the
end, so "the next day at 09:30" stays 09:30 local across a daylight-saving change. Local times
that do not exist (the hour skipped in spring) are moved forward by the gap; local times that
happen twice (the hour repeated in autumn) take the first occurrence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.rulefiles import RulebookError

CONTROLS = frozenset({"done", "snooze", "offer", "rejected", "stop"})
"""Buttons a nudge may carry; the chat commands render each one."""

OUTCOMES = ("offer", "rejected", "withdrawn", "pending")
"""Outcomes a user can record; the plan must say something useful for each."""

_SATURDAY = 5
_UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Preferences:
    """When a user is willing to be nudged. Quiet hours are local; equal ends mean none."""

    timezone: ZoneInfo = _UTC_ZONE
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    weekends: bool = False


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
        local = base.astimezone(zone)
        if self.after is not None:
            whole_days = timedelta(days=self.after.days)
            rest = self.after - whole_days
            if not whole_days:  # pure elapsed time: no wall clock, so no DST question
                return base.astimezone(UTC) + rest
            wall = local.replace(tzinfo=None) + whole_days
            return resolve_local(wall, zone).astimezone(UTC) + rest
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


# -- time helpers ---------------------------------------------------------------------------


def resolve_local(wall: datetime, zone: ZoneInfo) -> datetime:
    """Attach ``zone`` to a naive wall-clock time, deliberately: a time skipped by a DST change
    moves forward by the gap (02:30 -> 03:30); a repeated time takes its first occurrence."""
    aware = wall.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone)


def add_business_days(day: date, count: int) -> date:
    """``count`` Monday-to-Friday days after ``day`` (a weekend day counts from the Monday)."""
    if count <= 0:
        return day
    if day.weekday() >= _SATURDAY:  # counting from a weekend day is counting from its Friday
        day -= timedelta(days=day.weekday() - 4)
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    while rest > 0:
        day += timedelta(days=1)
        if day.weekday() < _SATURDAY:
            rest -= 1
    return day


def _quiet_end_after(local: datetime, prefs: Preferences) -> datetime | None:
    """If ``local`` lies in quiet hours, the naive wall time they end; else None."""
    start, end = prefs.quiet_start, prefs.quiet_end
    if start == end:
        return None
    now = local.time()
    today = local.date()
    if start < end:
        inside = start <= now < end
        return datetime.combine(today, end) if inside else None
    if now >= start:
        return datetime.combine(today + timedelta(days=1), end)
    if now < end:
        return datetime.combine(today, end)
    return None


def next_allowed(moment: datetime, prefs: Preferences) -> datetime:
    """The first instant at or after ``moment`` outside quiet hours (and weekends unless
    allowed), in UTC. Used for planned nudges and for snoozes alike."""
    zone = prefs.timezone
    local = moment.astimezone(zone)
    for _ in range(16):
        if not prefs.weekends and local.weekday() >= _SATURDAY:
            monday = local.date() + timedelta(days=7 - local.weekday())
            local = resolve_local(datetime.combine(monday, time(0, 0)), zone)
            continue
        wake = _quiet_end_after(local, prefs)
        if wake is None:
            break
        local = resolve_local(wake, zone)
    return local.astimezone(UTC)


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


# -- loading and validation -----------------------------------------------------------------

_DURATION_PART = re.compile(r"(\d+)\s*(w|d|h|m|s)", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(?:\d+\s*[wdhms]\s*)+$", re.IGNORECASE)
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

_STEP_FIELDS = frozenset(
    {"id", "title", "why", "do", "source", "controls", "grace", "due", "after_decision", "any_day"}
)
_TIMING_FIELDS = frozenset({"after", "days", "business_days", "at"})
_OUTCOME_FIELDS = frozenset({"title", "why", "do", "source"})


def parse_duration(value: object) -> timedelta:
    """``"30s"``, ``"20m"``, ``"3h"``, ``"2d"``, ``"1w"``, ``"1d 12h"``; a bare integer is
    seconds. Raises ``ValueError`` with a short reason."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration; use e.g. 30s, 20m, 3h, 2d, 1w")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative; durations are zero or more")
        return timedelta(seconds=value)
    if not isinstance(value, str) or not _DURATION.match(value):
        raise ValueError(f"{value!r} is not a duration; use e.g. 30s, 20m, 3h, 2d, 1w")
    seconds = sum(int(n) * _UNIT_SECONDS[u.lower()] for n, u in _DURATION_PART.findall(value))
    return timedelta(seconds=seconds)


def _default_plan_path() -> Path:
    explicit = os.environ.get("AFTERVIEW_PLAN")
    if explicit:
        return Path(explicit)
    rules_dir = os.environ.get("AFTERVIEW_RULES")
    if rules_dir:
        candidate = Path(rules_dir) / "plan.yaml"
        if candidate.exists():
            return candidate
    return Path(str(files("rules").joinpath("plan.yaml")))


def load_plan(path: Path | None = None) -> Plan:
    """Load and validate a plan. Every problem is reported at once, as
    ``FILE: step ID: field F: what is wrong``, in a ``RulebookError``."""
    path = path if path is not None else _default_plan_path()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulebookError([f"{name}: cannot read the plan: {exc.strerror or exc}"]) from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RulebookError([f"{name}: not valid YAML: {exc}"]) from exc
    return parse_plan(data, origin=name)


def parse_plan(data: object, *, origin: str = "<plan>") -> Plan:
    """Validate plan data already read from YAML; see `load_plan`."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise RulebookError([f"{origin}: the plan must be a mapping with 'steps' and 'outcomes'"])
    unknown = sorted(set(map(str, data)) - {"steps", "outcomes", "version"})
    if unknown:
        problems.append(f"{origin}: unknown top-level field(s): {', '.join(unknown)}")
    steps = _parse_steps(data.get("steps"), origin, problems)
    outcomes = _parse_outcomes(data.get("outcomes"), origin, problems)
    if problems:
        raise RulebookError(problems)
    return Plan(steps=tuple(steps), outcomes=MappingProxyType(outcomes), origin=origin)


def _parse_steps(raw: object, origin: str, problems: list[str]) -> list[Step]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{origin}: field steps: must be a non-empty list of steps")
        return []
    steps: list[Step] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        step = _parse_step(item, index, origin, problems)
        if step is None:
            continue
        if step.id in seen:
            problems.append(f"{origin}: step {step.id}: field id: duplicate step id")
            continue
        seen.add(step.id)
        steps.append(step)
    return steps


class _Fields:
    """Reads fields of one YAML mapping, collecting precise problems instead of raising."""

    def __init__(
        self, data: dict[Any, Any], where: str, problems: list[str], prefix: str = ""
    ) -> None:
        self.data = data
        self.where = where
        self.problems = problems
        self.prefix = prefix
        self.ok = True

    def fail(self, field_name: str, what: str) -> None:
        self.problems.append(f"{self.where}: field {self.prefix}{field_name}: {what}")
        self.ok = False

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "must be non-empty text")
            return None
        return " ".join(value.split())

    def duration(self, name: str, *, required: bool = True) -> timedelta | None:
        if name not in self.data:
            if required:
                self.fail(name, "missing")
            return None
        try:
            return parse_duration(self.data[name])
        except ValueError as exc:
            self.fail(name, str(exc))
            return None

    def count(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 366:
            self.fail(name, f"{value!r} must be a whole number of days from 0 to 366")
            return None
        return value

    def clock(self, name: str) -> time | None:
        value = self.data.get(name)
        if value is None:
            return None
        # YAML 1.1 reads an unquoted 09:30 as the sexagesimal integer 570.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        match = _CLOCK.match(value) if isinstance(value, str) else None
        if match is None:
            self.fail(name, f"{value!r} is not a local time of day; use HH:MM, e.g. '09:30'")
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def unknown(self, allowed: frozenset[str]) -> None:
        extra = sorted(str(k) for k in self.data if k not in allowed)
        for key in extra:
            self.fail(key, f"unknown field (expected one of: {', '.join(sorted(allowed))})")


def _parse_step(item: object, index: int, origin: str, problems: list[str]) -> Step | None:
    if not isinstance(item, dict):
        problems.append(f"{origin}: step #{index}: must be a mapping of fields")
        return None
    raw_id = item.get("id")
    label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
    fields = _Fields(item, f"{origin}: step {label}", problems)
    if raw_id is None:
        fields.fail("id", "missing")
    elif not isinstance(raw_id, str) or not _STEP_ID.match(raw_id):
        fields.fail("id", f"{raw_id!r} must be lower_snake_case (letters, digits, _)")
    fields.unknown(_STEP_FIELDS)
    title = fields.text("title")
    why = fields.text("why")
    do = fields.text("do")
    source = fields.text("source", required=False)
    grace = fields.duration("grace")
    controls = _parse_controls(item.get("controls"), fields)
    timing = _parse_timing(item.get("due"), "due", fields, required=True)
    after_decision = _parse_timing(
        item.get("after_decision"), "after_decision", fields, required=False
    )
    any_day = item.get("any_day", False)
    if not isinstance(any_day, bool):
        fields.fail("any_day", f"must be true or false, not {any_day!r}")
    if not fields.ok or not (title and why and do) or grace is None or timing is None:
        return None
    return Step(
        id=str(raw_id),
        title=title,
        why=why,
        do=do,
        source=source,
        controls=controls,
        grace=grace,
        timing=timing,
        after_decision=after_decision,
        any_day=any_day is True,
    )


def _parse_controls(raw: object, fields: _Fields) -> tuple[str, ...]:
    if raw is None:
        fields.fail("controls", "missing")
        return ()
    if not isinstance(raw, list) or not raw:
        fields.fail("controls", f"must be a non-empty list from: {', '.join(sorted(CONTROLS))}")
        return ()
    controls: list[str] = []
    for value in raw:
        if value not in CONTROLS:
            fields.fail(
                "controls", f"unknown control {value!r} (known: {', '.join(sorted(CONTROLS))})"
            )
        elif value in controls:
            fields.fail("controls", f"{value!r} is listed twice")
        else:
            controls.append(value)
    return tuple(controls)


def _parse_timing(raw: object, name: str, fields: _Fields, *, required: bool) -> Timing | None:
    if raw is None:
        if required:
            fields.fail(name, "missing (e.g. {after: 3h} or {business_days: 5, at: '10:00'})")
        return None
    if not isinstance(raw, dict):
        fields.fail(name, "must be a mapping such as {after: 3h} or {days: 1, at: '09:30'}")
        return None
    timing_fields = _Fields(raw, fields.where, fields.problems, prefix=f"{name}.")
    timing_fields.unknown(_TIMING_FIELDS)
    after = timing_fields.duration("after", required=False)
    days = timing_fields.count("days")
    business_days = timing_fields.count("business_days")
    at = timing_fields.clock("at")
    if not timing_fields.ok:
        fields.ok = False
        return None
    if after is not None and (days is not None or business_days is not None or at is not None):
        fields.fail(name, "use either 'after' alone or 'days'/'business_days' with 'at'")
        return None
    if days is not None and business_days is not None:
        fields.fail(name, "use 'days' or 'business_days', not both")
        return None
    if after is None and days is None and business_days is None:
        fields.fail(name, "needs 'after', 'days' or 'business_days'")
        return None
    return Timing(after=after, days=days, business_days=business_days, at=at)


def _parse_outcomes(raw: object, origin: str, problems: list[str]) -> dict[str, OutcomeAdvice]:
    if not isinstance(raw, dict):
        problems.append(f"{origin}: field outcomes: must map each of {', '.join(OUTCOMES)}")
        return {}
    outcomes: dict[str, OutcomeAdvice] = {}
    for key in raw:
        if key not in OUTCOMES:
            problems.append(
                f"{origin}: outcome {key}: unknown outcome (known: {', '.join(OUTCOMES)})"
            )
    for outcome in OUTCOMES:
        item = raw.get(outcome)
        where = f"{origin}: outcome {outcome}"
        if item is None:
            problems.append(f"{where}: missing")
            continue
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping with title, why, do")
            continue
        fields = _Fields(item, where, problems)
        fields.unknown(_OUTCOME_FIELDS)
        title, why, do = fields.text("title"), fields.text("why"), fields.text("do")
        source = fields.text("source", required=False)
        if fields.ok and title and why and do:
            outcomes[outcome] = OutcomeAdvice(outcome, title, why, do, source)
    return outcomes
