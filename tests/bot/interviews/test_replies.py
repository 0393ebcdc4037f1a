"""The replies of the interview commands: plain text, private, with the controls that fit."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from bot.core.messages import Button, ButtonStyle, Tone
from bot.interviews.replies import (
    forget_prompt,
    forgotten_reply,
    problem_reply,
    refusal,
    settings_reply,
)
from bot.interviews.service import Forgotten
from bot.interviews.when import ParseProblem
from bot.nudges.calendar import Preferences


@pytest.mark.parametrize(
    ("gone", "expected"),
    [
        (Forgotten(1, 1, had_preferences=True), "1 interview and 1 nudge deleted"),
        (Forgotten(2, 12, had_preferences=False), "2 interviews and 12 nudges deleted"),
        (Forgotten(0, 0, had_preferences=False), "0 interviews and 0 nudges deleted"),
    ],
)
def test_forgotten_counts_read_naturally(gone: Forgotten, expected: str) -> None:
    reply = forgotten_reply(gone)
    assert expected in reply.plain()
    assert reply.private


def test_forget_asks_first_with_a_danger_button() -> None:
    reply = forget_prompt()
    (button,) = reply.controls
    assert isinstance(button, Button)
    assert button.action_id == "forget.confirm"
    assert button.style is ButtonStyle.DANGER
    assert "forget-me confirm" in reply.plain()


def test_settings_show_quiet_hours_or_off() -> None:
    on = settings_reply(Preferences(ZoneInfo("Europe/Paris"), time(22), time(7, 30)), "Saved")
    assert "Quiet hours: 22:00–07:30" in on.plain()
    assert "Timezone: Europe/Paris" in on.plain()
    off = settings_reply(Preferences(ZoneInfo("UTC"), time(0), time(0), True), "Saved")
    assert "Quiet hours: off" in off.plain()
    assert "Weekends: on" in off.plain()
    assert off.text == "Saved."


def test_a_parse_problem_shows_the_right_form() -> None:
    reply = problem_reply(ParseProblem("when", "Which day was it?", "/interviewed Acme today 2pm"))
    assert reply.text == "Which day was it?"
    assert "For example: /interviewed Acme today 2pm" in reply.plain()
    assert reply.tone is Tone.WARNING


def test_a_refusal_changes_nothing_and_says_where_to_look() -> None:
    reply = refusal("nudge #5")
    assert "nudge #5" in reply.plain()
    assert not reply.controls
