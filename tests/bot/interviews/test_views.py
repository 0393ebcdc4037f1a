"""Views of stored rows: ordered nudges, titles that survive a plan change."""

from __future__ import annotations

from bot.interviews.views import step_title
from bot.nudges.plan_file import load_plan
from tests.nudge_support import SECONDS_PLAN


def test_a_step_the_plan_no_longer_has_keeps_a_readable_title() -> None:
    plan = load_plan(SECONDS_PLAN)
    assert step_title(plan, "thank_you") == plan.step("thank_you").title
    assert step_title(plan, "old_step_id") == "old step id"
