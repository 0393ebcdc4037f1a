"""The interview service: register interviews, manage their nudges, record outcomes.

Every method takes the acting `Identity` and touches only that user's rows: an id that belongs
to someone else is treated exactly like one that does not exist (None), so a forged button
value can neither act on nor reveal another user's data. Methods are blocking (database work);
async callers run them in a thread. The statements themselves live in `bot.db`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.core.messages import Identity
from bot.db import interviews as rows
from bot.db import registration, users
from bot.db.models import Interview, InterviewStatus, NudgeState, User
from bot.interviews.delivery_keys import new_delivery_key, new_delivery_keys
from bot.interviews.limits import (
    COMPANY_MAX,
    INTERVIEWS_MAX,
    NAME_MAX,
    ROLE_MAX,
    TooManyInterviews,
)
from bot.interviews.nudge_actions import NudgeActions
from bot.interviews.outcomes import OUTCOMES, Outcome
from bot.interviews.preference_updates import PreferenceUpdates
from bot.interviews.preferences import (
    has_preferences,
    preferences_of_stored,
    safe_zone,
)
from bot.interviews.views import (
    Forgotten,
    InterviewView,
    NewInterview,
    NudgeView,
    OutcomeResult,
    interview_view,
    nudge_view,
)
from bot.nudges.calendar import Preferences
from bot.nudges.plan import PlannedNudge, plan_nudges
from bot.nudges.plan import reshape_for_decision_date as reshape

log = logging.getLogger(__name__)
SAME_INTERVIEW = timedelta(hours=2)
"""An active interview with the same company this close in time is reported as a duplicate."""
OPEN_STATES = rows.OPEN_STATES


@dataclass(frozen=True, slots=True)
class _Written:
    """What one registration's transaction wrote, for its reply."""

    prefs: Preferences
    planned: list[PlannedNudge]
    interview_id: int
    ids: dict[str, int]
    duplicate: int | None


class Tracker(PreferenceUpdates, NudgeActions):
    """The interview service every command and button goes through: registering, listing,
    closing and outcomes here; preferences and single-nudge actions in the mixins."""

    # -- interviews -----------------------------------------------------------------------------

    def register(
        self, who: Identity, new: NewInterview, *, tz_hint: str | None = None
    ) -> InterviewView:
        """Store the interview and its planned nudges in one transaction, in plain statements
        (the hot path; see bench_nudges). Registrations from several threads at once share
        one COMMIT (`GroupCommit`); each returns only once its rows are durable, and one that
        fails is retried alone, so it never takes another's rows with it. On PostgreSQL a
        known person's registration is one statement, so alone it runs without BEGIN and
        COMMIT (the statement is its own durable transaction)."""
        now = self._clock()
        hint = tz_hint if safe_zone(tz_hint) else None
        company = new.company[:COMPANY_MAX]
        at = new.at.astimezone(UTC)
        names = [name[:NAME_MAX] for name in new.interviewers]
        role = new.role[:ROLE_MAX] if new.role else None

        def write(conn: Connection) -> _Written:
            found = registration.registrant(
                conn,
                who,
                company=company,
                start=at - SAME_INTERVIEW,
                end=at + SAME_INTERVIEW,
                timezone=hint,
                now=now,
            )
            if found.kept >= INTERVIEWS_MAX:
                raise TooManyInterviews()
            user_id = found.user_id
            prefs = preferences_of_stored(found.stored, self.default_zone)
            interview = {
                "user_id": user_id,
                "company": company,
                "at": at,
                "timezone": prefs.timezone.key,
                "interviewers": names,
                "role": role,
                "status": InterviewStatus.ACTIVE.value,
                "created_at": now,
            }
            planned = plan_nudges(new.at, prefs, self.plan, now=now)
            keys = new_delivery_keys(len(planned))
            nudges = [
                {
                    "user_id": user_id,
                    "step_id": p.step.id,
                    "state": NudgeState.PENDING.value,
                    "due_at": p.due,
                    "planned_at": p.due,
                    "attempts": 0,
                    "delivery_key": key,
                    "platform": found.nudges_to or who.platform,
                }
                for p, key in zip(planned, keys, strict=True)
            ]
            interview_id, ids = rows.insert_registration(conn, interview, nudges)
            return _Written(prefs, planned, interview_id, ids, found.duplicate)

        written = self._group.run(write, one_statement=True)
        view = InterviewView(
            id=written.interview_id,
            company=company,
            at=at,
            zone=written.prefs.timezone,
            interviewers=tuple(names),
            role=role,
            status=InterviewStatus.ACTIVE.value,
            outcome=None,
            decide_by=None,
            nudges=tuple(
                _planned_view(p, written.ids[p.step.id], written.interview_id)
                for p in written.planned
            ),
            duplicate_of=written.duplicate,
        )
        self.changed([p.due for p in written.planned])
        return view

    def interviews(self, who: Identity, *, include_closed: bool = False) -> list[InterviewView]:
        with self._sessions() as session:
            user = users.find(session, who)
            if user is None:
                return []
            found = rows.interviews_of(session, user.id, include_closed=include_closed)
            return [interview_view(i, self.plan, i.nudges) for i in found]

    def interviews_page(
        self, who: Identity, *, include_closed: bool, offset: int, limit: int
    ) -> tuple[list[InterviewView], int]:
        """One page of the user's interviews, newest first, and how many there are in all."""
        with self._sessions() as session:
            user = users.find(session, who)
            if user is None:
                return [], 0
            total = rows.count_interviews(session, user.id, include_closed=include_closed)
            found = rows.interviews_page(
                session, user.id, include_closed=include_closed, offset=offset, limit=limit
            )
            return [interview_view(i, self.plan, i.nudges) for i in found], total

    def nudge(self, who: Identity, nudge_id: int) -> NudgeView | None:
        with self._sessions() as session:
            nudge = users.owned_nudge(session, who, nudge_id)
            return None if nudge is None else nudge_view(nudge, self.plan)

    def interview(self, who: Identity, interview_id: int) -> InterviewView | None:
        with self._sessions() as session:
            interview = users.owned_interview(session, who, interview_id)
            if interview is None:
                return None
            return interview_view(interview, self.plan, interview.nudges)

    def cancel(self, who: Identity, interview_id: int) -> InterviewView | None:
        """Cancel the interview (registered by mistake) and everything still owed for it."""
        return self._close(who, interview_id, InterviewStatus.CANCELLED)

    def stop(self, who: Identity, interview_id: int) -> InterviewView | None:
        """Stop all nudges for the interview; it stays listed as stopped."""
        return self._close(who, interview_id, InterviewStatus.STOPPED)

    def _close(
        self, who: Identity, interview_id: int, status: InterviewStatus
    ) -> InterviewView | None:
        with self._sessions.begin() as session:
            interview = users.owned_interview(session, who, interview_id)
            if interview is None:
                return None
            interview.status = status.value
            rows.cancel_open(session, interview.id, f"interview {status.value} by the user")
            session.flush()
            session.refresh(interview)
            return interview_view(interview, self.plan, interview.nudges)

    # -- outcomes -------------------------------------------------------------------------------

    def record_outcome(
        self,
        who: Identity,
        interview_id: int,
        outcome: str,
        *,
        decide_by: datetime | None = None,
    ) -> OutcomeResult | None:
        """Offer, rejected, withdrawn: nothing more is owed. Pending with a decision date:
        the follow-ups wait until after it. None if the interview is not the user's."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        moved_dues: list[datetime] = []
        with self._sessions.begin() as session:
            interview = users.owned_interview(session, who, interview_id)
            if interview is None:
                return None
            interview.outcome = outcome
            cancelled = moved = 0
            if outcome == Outcome.PENDING:
                interview.decide_by = decide_by
                if decide_by is not None:
                    moved_dues = self._reshape(session, interview, decide_by)
                    moved = len(moved_dues)
            else:
                interview.status = InterviewStatus.CLOSED.value
                cancelled = rows.cancel_open(session, interview.id, f"outcome recorded: {outcome}")
            session.flush()
            session.refresh(interview)
            view = interview_view(interview, self.plan, interview.nudges)
        self.changed(moved_dues)
        return OutcomeResult(view, self.plan.outcomes.get(outcome), cancelled, moved)

    def _reshape(
        self, session: Session, interview: Interview, decide_by: datetime
    ) -> list[datetime]:
        prefs = self.prefs_of(session.get(User, interview.user_id))
        steps = {step.id: step for step in self.plan.steps}
        pending = [
            n for n in rows.pending_nudges_of_interview(session, interview.id) if n.step_id in steps
        ]
        planned = [PlannedNudge(steps[n.step_id], n.due_at) for n in pending]
        by_step = {n.step_id: n for n in pending}
        moved: list[datetime] = []
        for new in reshape(planned, decide_by, prefs, self.plan):
            row = by_step.get(new.step.id)
            if row is not None and row.due_at != new.due:
                row.due_at = new.due
                row.planned_at = new.due
                row.note = f"moved after the decision date {decide_by:%Y-%m-%d}"
                moved.append(new.due)
        return moved

    # -- unreachable users and forget-me --------------------------------------------------------

    def no_unreachable_notice(self, who: Identity) -> bool:
        """True when `take_unreachable_notice` would surely answer None without a query."""
        return self._unreachable is not None and self._unreachable.known_reachable(who)

    def take_unreachable_notice(self, who: Identity) -> str | None:
        """If the user was marked unreachable: clear the mark (so delivery is retried) and
        return the reason; None otherwise. Cheap when there is no mark."""
        if self._unreachable is not None and not self._unreachable.might_be_unreachable(who):
            return None
        with self._sessions() as session:
            if users.unreachable_mark(session, who) is None:
                return None
        with self._sessions.begin() as session:
            reason = users.clear_unreachable(session, who)
        if reason is None:
            return None
        if self._unreachable is not None:
            self._unreachable.invalidate()
        self.changed([self._clock()])
        return reason

    def forget(self, who: Identity) -> Forgotten:
        """Delete everything stored about the user: interviews, nudges, preferences, marks."""
        with self._sessions.begin() as session:
            user = users.find(session, who)
            if user is None:
                return Forgotten(0, 0, had_preferences=False)
            had_prefs = has_preferences(user)
            deleted = rows.delete_user(session, user)
            return Forgotten(deleted.interviews, deleted.nudges, had_preferences=had_prefs)


def _planned_view(planned: PlannedNudge, nudge_id: int, interview_id: int) -> NudgeView:
    return NudgeView(
        id=nudge_id,
        interview_id=interview_id,
        step_id=planned.step.id,
        title=planned.step.title,
        state=NudgeState.PENDING.value,
        due_at=planned.due,
        sent_at=None,
        attempts=0,
        last_error=None,
        note=None,
    )


__all__ = [
    "Forgotten",
    "InterviewView",
    "NewInterview",
    "NudgeView",
    "OutcomeResult",
    "Tracker",
    "new_delivery_key",
    "new_delivery_keys",
]
