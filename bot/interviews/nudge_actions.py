"""What a user does to one nudge: look it up, mark it done, snooze it."""

from __future__ import annotations

from bot.core.messages import Identity
from bot.db import interviews as rows
from bot.db import users
from bot.db.models import Interview, InterviewStatus, Nudge, NudgeState, User
from bot.interviews.delivery_keys import new_delivery_key
from bot.interviews.tracker_base import TrackerBase
from bot.interviews.views import NudgeView, nudge_view
from bot.nudges import snooze
from bot.nudges.calendar import next_allowed

OPEN_STATES = rows.OPEN_STATES


class NudgeActions(TrackerBase):
    """Done and snooze, on the acting user's own nudges only."""

    def interview_of_nudge(self, who: Identity, nudge_id: int) -> int | None:
        with self._sessions() as session:
            nudge = users.owned_nudge(session, who, nudge_id)
            return None if nudge is None else nudge.interview_id

    def done(self, who: Identity, nudge_id: int) -> NudgeView | None:
        with self._sessions.begin() as session:
            nudge = users.owned_nudge(session, who, nudge_id)
            if nudge is None:
                return None
            if nudge.state in (*OPEN_STATES, NudgeState.SENT.value, NudgeState.FAILED.value):
                nudge.state = NudgeState.DONE.value
                nudge.lease_until = None
            return nudge_view(nudge, self.plan)

    def snooze(self, who: Identity, nudge_id: int, preset: str) -> NudgeView | None:
        """Ask again later: a pending nudge moves; a delivered one is owed again (a new row,
        so its delivery key differs from the message already sent)."""
        if not snooze.is_snooze(preset):
            raise ValueError(f"unknown snooze {preset!r}")
        now = self._clock()
        with self._sessions.begin() as session:
            nudge = users.owned_nudge(session, who, nudge_id)
            if nudge is None:
                return None
            interview = session.get(Interview, nudge.interview_id)
            if interview is None or interview.status != InterviewStatus.ACTIVE.value:
                return None
            if nudge.state not in (*OPEN_STATES, NudgeState.SENT.value, NudgeState.FAILED.value):
                return None  # done, cancelled or skipped: snoozing must not bring it back
            prefs = self.prefs_of(session.get(User, nudge.user_id))
            current = nudge.due_at if nudge.state in OPEN_STATES else None
            until = snooze.snooze_until(now, preset, prefs.timezone, due=current)
            due = next_allowed(until, prefs)
            if nudge.state in OPEN_STATES:
                due = max(due, nudge.due_at)  # a snooze never brings a nudge forward
                target = nudge
                target.state = NudgeState.PENDING.value
                target.lease_until = None
            else:
                if nudge.state == NudgeState.SENT.value:
                    nudge.state = NudgeState.DONE.value
                    nudge.note = f"snoozed ({preset})"
                target = Nudge(
                    interview_id=nudge.interview_id,
                    user_id=nudge.user_id,
                    platform=nudge.platform,
                    step_id=nudge.step_id,
                    state=NudgeState.PENDING.value,
                    attempts=0,
                    delivery_key=new_delivery_key(),
                    due_at=due,
                    planned_at=due,
                )
                session.add(target)
            target.due_at = due
            target.planned_at = due
            target.note = f"snoozed ({preset})"
            session.flush()
            view = nudge_view(target, self.plan)
        self.changed([due])
        return view
