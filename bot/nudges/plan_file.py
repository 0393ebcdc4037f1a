"""Reading and validating a nudge plan file (``rules/plan.yaml`` or one an operator supplies).

Every problem is reported at once, as ``FILE: step ID: field F: what is wrong``, through the
shared `bot.rulefiles` reader, never as a traceback or a half-loaded plan.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

from bot.interviews.outcomes import OUTCOMES
from bot.nudges.controls import CONTROLS
from bot.nudges.plan import OutcomeAdvice, Plan, Step, Timing
from bot.rulefiles import UNREADABLE, Fields, RulebookError, read_yaml

_STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

_STEP_FIELDS = frozenset(
    {"id", "title", "why", "do", "source", "controls", "grace", "due", "after_decision", "any_day"}
)
_TIMING_FIELDS = frozenset({"after", "days", "business_days", "at"})
_OUTCOME_FIELDS = frozenset({"title", "why", "do", "source"})


def _default_plan_path() -> Path:
    """The shipped plan; another comes as a path from `bot.config.Settings`."""
    return Path(str(files("rules").joinpath("plan.yaml")))


def load_plan(path: Path | None = None) -> Plan:
    """Load and validate a plan. Every problem is reported at once, as
    ``FILE: step ID: field F: what is wrong``, in a ``RulebookError``."""
    path = path if path is not None else _default_plan_path()
    name = str(path)
    problems: list[str] = []
    data = read_yaml(path, name, problems, what="the plan")
    if data is UNREADABLE:
        raise RulebookError(problems)
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


def _parse_step(item: object, index: int, origin: str, problems: list[str]) -> Step | None:
    if not isinstance(item, dict):
        problems.append(f"{origin}: step #{index}: must be a mapping of fields")
        return None
    raw_id = item.get("id")
    label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
    fields = Fields(item, f"{origin}: step {label}", problems)
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
    any_day = fields.flag("any_day")
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
        any_day=any_day,
    )


def _parse_controls(raw: object, fields: Fields) -> tuple[str, ...]:
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


def _parse_timing(raw: object, name: str, fields: Fields, *, required: bool) -> Timing | None:
    if raw is None:
        if required:
            fields.fail(name, "missing (e.g. {after: 3h} or {business_days: 5, at: '10:00'})")
        return None
    if not isinstance(raw, dict):
        fields.fail(name, "must be a mapping such as {after: 3h} or {days: 1, at: '09:30'}")
        return None
    timing_fields = fields.nested(raw, name)
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
        fields = Fields(item, where, problems)
        fields.unknown(_OUTCOME_FIELDS)
        title, why, do = fields.text("title"), fields.text("why"), fields.text("do")
        source = fields.text("source", required=False)
        if fields.ok and title and why and do:
            outcomes[outcome] = OutcomeAdvice(outcome, title, why, do, source)
    return outcomes
