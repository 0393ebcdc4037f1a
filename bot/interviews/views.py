"""What the interview service hands back: plain, frozen views of stored rows.

Views, not ORM rows, cross the service boundary, so replies and adapters never hold a live
database object (nor lazy-load one on another thread).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.db.interviews import OPEN_STATES
from bot.db.models import Interview, Nudge
from bot.interviews.preferences import safe_zone
from bot.nudges.plan import OutcomeAdvice, Plan

_UTC = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class NudgeView:
    id: int
    interview_id: int
    step_id: str
    title: str
    state: str
    due_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class InterviewView:
    id: int
    company: str
    at: datetime
    zone: ZoneInfo
    interviewers: tuple[str, ...]
    role: str | None
    status: str
    outcome: str | None
    decide_by: datetime | None
    nudges: tuple[NudgeView, ...]
    duplicate_of: int | None = None
    """Set on registration when an active interview with the same company is that close."""

    @property
    def upcoming(self) -> tuple[NudgeView, ...]:
        return tuple(n for n in self.nudges if n.state in OPEN_STATES)


@dataclass(frozen=True, slots=True)
class NewInterview:
    """What to register; texts are capped here (the command layer says so to the user)."""

    company: str
    at: datetime
    interviewers: tuple[str, ...] = ()
    role: str | None = None


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    interview: InterviewView
    advice: OutcomeAdvice | None
    cancelled: int
    moved: int


@dataclass(frozen=True, slots=True)
class Forgotten:
    interviews: int
    nudges: int
    had_preferences: bool


def step_title(plan: Plan, step_id: str) -> str:
    """The step's title, or a readable form of its id for a step the plan no longer has."""
    try:
        return plan.step(step_id).title
    except KeyError:
        return step_id.replace("_", " ")


def nudge_view(nudge: Nudge, plan: Plan) -> NudgeView:
    return NudgeView(
        id=nudge.id,
        interview_id=nudge.interview_id,
        step_id=nudge.step_id,
        title=step_title(plan, nudge.step_id),
        state=nudge.state,
        due_at=nudge.due_at,
        sent_at=nudge.sent_at,
        attempts=nudge.attempts,
        last_error=nudge.last_error,
        note=nudge.note,
    )


def interview_view(interview: Interview, plan: Plan, nudges: Iterable[Nudge]) -> InterviewView:
    ordered = sorted(nudges, key=lambda n: (n.due_at, n.id))
    return InterviewView(
        id=interview.id,
        company=interview.company,
        at=interview.at,
        zone=safe_zone(interview.timezone) or _UTC,
        interviewers=tuple(interview.interviewers or ()),
        role=interview.role,
        status=interview.status,
        outcome=interview.outcome,
        decide_by=interview.decide_by,
        nudges=tuple(nudge_view(n, plan) for n in ordered),
    )
