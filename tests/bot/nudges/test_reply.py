from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.messages import Button, Menu
from bot.nudges.plan_file import load_plan
from bot.nudges.reply import (
    LocalLabels,
    NudgeContext,
    controls_for,
    late_label,
    local_label,
    nudge_reply,
)
from tests.nudge_support import SHIPPED_PLAN

PLAN = load_plan(SHIPPED_PLAN)
CONTEXT = NudgeContext(
    nudge_id=41,
    interview_id=7,
    company="Acme <script>",
    interview_at=datetime(2026, 11, 21, 14, 0, tzinfo=UTC),
    zone=ZoneInfo("Europe/Paris"),
    interviewers=("Dana Lee",),
)


def test_a_nudge_says_what_to_do_and_why_with_the_steps_buttons() -> None:
    step = PLAN.step("references")
    reply = nudge_reply(step, CONTEXT)
    assert reply.text == f"{step.title} — Acme <script>"
    body = reply.plain()
    assert "Sat 21 Nov 15:00 CET, with Dana Lee" in body
    assert step.do in body
    assert step.why in body
    assert reply.private
    ids = [c.action_id for c in reply.controls]
    assert ids == ["nudge.done", "nudge.snooze", "nudge.offer", "nudge.rejected", "nudge.stop"]
    assert "Sorry this is late" not in body


def test_a_late_nudge_apologises() -> None:
    reply = nudge_reply(PLAN.step("thank_you"), CONTEXT, late_by=timedelta(hours=5, minutes=3))
    assert "Sorry this is late: I was offline for about 5 hours." in reply.plain()
    assert late_label(timedelta(minutes=1)) == "1 minute"
    assert late_label(timedelta(days=3)) == "3 days"


def test_controls_carry_only_the_nudge_id() -> None:
    controls = controls_for(("done", "snooze"), 41)
    assert isinstance(controls[0], Button)
    assert controls[0].value == "41"
    assert isinstance(controls[1], Menu)
    assert [o.value for o in controls[1].options] == [
        "41:20m",
        "41:1h",
        "41:3h",
        "41:tomorrow",
        "41:next-week",
    ]


def test_local_labels_give_what_local_label_gives_each_time() -> None:
    zone = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 30, 12, 0, tzinfo=UTC)
    labels = LocalLabels(zone, now)
    moments = [now + timedelta(days=d, minutes=7 * d) for d in (-400, -1, 0, 0, 1, 2, 40)]
    for moment in [*moments, *moments]:
        assert labels(moment) == local_label(moment, zone, now)
    assert labels(now + timedelta(days=2)) == "Fri 1 Jan 2027 07:00 EST"
    assert labels(now) == "Wed 30 Dec 07:00 EST"
