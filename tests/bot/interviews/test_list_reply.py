"""The `list` reply: its Manage line speaks in the person's own ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.interviews.list_reply import ListArgs, interview_list_reply
from bot.interviews.views import InterviewView, NudgeView

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _nudge(nudge_id: int, hours: int, state: str = "pending") -> NudgeView:
    return NudgeView(
        id=nudge_id,
        interview_id=7,
        step_id=f"s{nudge_id}",
        title="Send your thank-you note today",
        state=state,
        due_at=NOW + timedelta(hours=hours),
        sent_at=None,
        attempts=0,
        last_error=None,
        note=None,
    )


def _interview(*nudges: NudgeView) -> InterviewView:
    return InterviewView(
        id=7,
        company="Acme",
        at=NOW - timedelta(days=1),
        zone=ZoneInfo("UTC"),
        interviewers=(),
        role=None,
        status="active",
        outcome=None,
        decide_by=None,
        nudges=nudges,
    )


def _manage(view: InterviewView) -> str:
    reply = interview_list_reply([view], 1, ListArgs(False, 1), now=NOW)
    [section] = [s for s in reply.sections if s.title == "Manage"]
    return section.text


def test_the_manage_line_names_the_persons_interview_and_next_nudge() -> None:
    line = _manage(_interview(_nudge(30, 5), _nudge(29, 2)))
    assert "cancel I7" in line
    assert "snooze N29 1h" in line
    assert "done N29" in line
    assert "I12" not in line
    assert "N41" not in line


def test_without_upcoming_nudges_the_manage_line_offers_no_nudge_commands() -> None:
    line = _manage(_interview(_nudge(30, -5, state="sent")))
    assert "stop I7" in line
    assert "snooze" not in line
    assert "done" not in line
