"""Nudge controls: one name each, and the action id every adapter sends back."""

from __future__ import annotations

from bot.nudges.controls import ACTION_PREFIX, CONTROLS, NOTE_CONTROLS, NOTE_PREFIX, NudgeControl
from bot.nudges.reply import controls_for


def test_every_control_has_an_action_id_under_its_prefix() -> None:
    expected = {
        f"{NOTE_PREFIX if name in NOTE_CONTROLS else ACTION_PREFIX}.{name}" for name in CONTROLS
    }
    assert {c.action_id for c in NudgeControl} == expected
    assert NudgeControl.REVIEW.action_id == "note.review"  # the reviewer handles these


def test_every_control_a_plan_may_list_is_rendered() -> None:
    rendered = controls_for(tuple(CONTROLS), nudge_id=7)
    assert {c.action_id for c in rendered} == {c.action_id for c in NudgeControl}
    assert [c.action_id for c in controls_for(("stop", "done"), 7)] == [
        NudgeControl.DONE.action_id,
        NudgeControl.STOP.action_id,
    ]  # a fixed order, whatever order the plan lists them in
