"""Editing a registered interview: its time, company, interviewers or role.

A new time re-plans what is still owed: each pending nudge moves to where the plan puts its step
for the new time (quiet hours applied); one that could now only come too late is skipped, with
a note. Sent and done nudges stay as they were. Kept apart from the `Tracker` so that service
stays about registering and managing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.messages import Identity
from bot.db import interviews as rows
from bot.db import users
from bot.db.models import InterviewStatus, NudgeState, User
from bot.interviews.limits import COMPANY_MAX, NAME_MAX, NAMES_MAX, ROLE_MAX
from bot.interviews.service import Tracker
from bot.interviews.views import InterviewView, interview_view
from bot.nudges.plan import plan_nudges


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: exactly one of these is set (interviewers may be set to ``()``)."""

    at: datetime | None = None
    company: str | None = None
    interviewers: tuple[str, ...] | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Edited:
    interview: InterviewView
    moved: int
    skipped: int


def edit_interview(
    tracker: Tracker, who: Identity, interview_id: int, change: Change
) -> Edited | None:
    """Apply the change to the user's active interview; None if it is not theirs or not active."""
    now = tracker.now()
    moved_dues: list[datetime] = []
    skipped = 0
    with tracker.sessions.begin() as session:
        interview = users.owned_interview(session, who, interview_id)
        if interview is None or interview.status != InterviewStatus.ACTIVE.value:
            return None
        if change.company is not None:
            interview.company = change.company[:COMPANY_MAX]
        if change.interviewers is not None:
            interview.interviewers = [n[:NAME_MAX] for n in change.interviewers[:NAMES_MAX]]
        if change.role is not None:
            interview.role = change.role[:ROLE_MAX] or None
        if change.at is not None:
            interview.at = change.at.astimezone(UTC)
            prefs = tracker.prefs_of(session.get(User, interview.user_id))
            planned = {
                p.step.id: p.due for p in plan_nudges(change.at, prefs, tracker.plan, now=now)
            }
            for nudge in rows.pending_nudges_of_interview(session, interview.id):
                due = planned.get(nudge.step_id)
                if due is None:
                    nudge.state = NudgeState.SKIPPED.value
                    nudge.note = "interview time changed: too late to help"
                    skipped += 1
                elif due != nudge.due_at:
                    nudge.due_at = nudge.planned_at = due
                    nudge.note = "interview time changed"
                    moved_dues.append(due)
        session.flush()
        session.refresh(interview)
        view = interview_view(interview, tracker.plan, interview.nudges)
    tracker.changed(moved_dues)
    return Edited(view, len(moved_dues), skipped)
