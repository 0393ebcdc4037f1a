"""Nudge controls: one name each, and the action id every adapter sends back."""

from __future__ import annotations

from bot.nudges.controls import ACTION_PREFIX, CONTROLS, NudgeControl
from bot.nudges.reply import controls_for


def test_every_control_has_an_action_id_under_the_nudge_prefix() -> None:
    assert {c.action_id for c in NudgeControl} == {f"{ACTION_PREFIX}.{name}" for name in CONTROLS}


def test_every_control_a_plan_may_list_is_rendered() -> None:
    rendered = controls_for(tuple(CONTROLS), nudge_id=7)
    assert {c.action_id for c in rendered} == {c.action_id for c in NudgeControl}
    assert [c.action_id for c in controls_for(("stop", "done"), 7)] == [
        NudgeControl.DONE.action_id,
        NudgeControl.STOP.action_id,
    ]  # a fixed order, whatever order the plan lists them in
