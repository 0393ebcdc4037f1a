"""Reading and validating plan files: precise problems, the shipped and seconds plans."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
import yaml

from bot.config import Settings
from bot.interviews.outcomes import OUTCOMES
from bot.nudges.controls import CONTROLS
from bot.nudges.plan import plan_nudges
from bot.nudges.plan_file import load_plan, parse_plan
from bot.rulefiles import RulebookError
from tests import paths
from tests.bot.nudges.plan_support import OUTCOME_DATA, anytime, step

DATA = paths.DATA / "plans"


def problems_of(data: object, tmp_path: Path) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    with pytest.raises(RulebookError) as caught:
        load_plan(path)
    return [p.replace(str(path), "FILE") for p in caught.value.problems]


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


def test_seconds_plan_runs_in_moments() -> None:
    plan = load_plan(DATA / "seconds.yaml")
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    nudges = plan_nudges(now, anytime(), plan, now=now)
    assert [n.step.id for n in nudges] == [s.id for s in plan.steps]
    offsets = [(n.due - now).total_seconds() for n in nudges]
    assert offsets == sorted(offsets)
    assert offsets[0] > 0
    assert offsets[-1] <= 15


def test_the_loader_reads_no_environment_only_the_path_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = DATA / "seconds.yaml"
    monkeypatch.setenv("AFTERVIEW_PLAN", str(seconds))
    monkeypatch.setenv("AFTERVIEW_RULES", str(tmp_path))
    assert load_plan().origin.endswith("rules/plan.yaml")  # the shipped plan, env or not
    assert load_plan(seconds).origin == str(seconds)
    (tmp_path / "plan.yaml").write_text(seconds.read_text())
    settings = Settings.from_env({"AFTERVIEW_RULES": str(tmp_path)})
    assert load_plan(settings.plan_path).origin == str(tmp_path / "plan.yaml")


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
        "(known: done, draft, offer, rejected, review, snooze, stop)"
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


def test_any_day_must_be_a_boolean(tmp_path: Path) -> None:
    problems = problems_of({"steps": [step(any_day="yes")], "outcomes": OUTCOME_DATA}, tmp_path)
    assert problems == ["FILE: step s: field any_day: must be true or false, not 'yes'"]
