"""The interview service: register interviews, manage their nudges, record outcomes.

Every method takes the acting `Identity` and touches only that user's rows: an id that belongs
to someone else is treated exactly like one that does not exist (None), so a forged button
value can neither act on nor reveal another user's data. Methods are blocking (database work);
async callers run them in a thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.core.messages import Identity
from bot.db.models import Interview, InterviewStatus, Nudge, NudgeState, Unreachable, User
from bot.interviews.limits import COMPANY_MAX, NAME_MAX, ROLE_MAX
from bot.interviews.outcomes import OUTCOMES
from bot.interviews.preferences import preferences_of, safe_zone
from bot.nudges import snooze
from bot.nudges.calendar import Preferences, next_allowed
from bot.nudges.plan import OutcomeAdvice, Plan, PlannedNudge, plan_nudges
from bot.nudges.plan import reshape_for_decision_date as reshape
from bot.nudges.unreachable import UnreachableIndex

OPEN_STATES = (NudgeState.PENDING.value, NudgeState.SENDING.value)
UTC_ZONE = ZoneInfo("UTC")
_USERS = User.metadata.tables["users"]
_INTERVIEWS = User.metadata.tables["interviews"]
_NUDGES = User.metadata.tables["nudges"]
_FIND_USER = select(
    _USERS.c.id,
    _USERS.c.timezone,
    _USERS.c.quiet_start,
    _USERS.c.quiet_end,
    _USERS.c.quiet_off,
    _USERS.c.weekends,
).where(
    _USERS.c.platform == bindparam("platform"),
    _USERS.c.workspace == bindparam("workspace"),
    _USERS.c.user_key == bindparam("user_key"),
)
_INSERT_USER = insert(_USERS).returning(_USERS.c.id)
_INSERT_INTERVIEW = insert(_INTERVIEWS).returning(_INTERVIEWS.c.id)
_INSERT_NUDGES = insert(_NUDGES).returning(_NUDGES.c.id, _NUDGES.c.step_id)


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


class Tracker:
    """The interview service every command and button goes through."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        plan: Plan,
        *,
        default_zone: ZoneInfo = UTC_ZONE,
        clock: Callable[[], datetime] | None = None,
        unreachable: UnreachableIndex | None = None,
    ) -> None:
        self._sessions = sessions
        self._unreachable = unreachable
        bind = sessions.kw.get("bind")
        if not isinstance(bind, Engine):
            raise TypeError("the session factory must be bound to an engine")
        self._engine = bind
        self.plan = plan
        self.default_zone = default_zone
        self._clock = clock or (lambda: datetime.now(UTC))
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        return self._clock()

    def on_change(self, listener: Callable[[datetime], None]) -> None:
        """Called with the earliest new due time whenever nudges are added or moved."""
        self._listeners.append(listener)

    def _changed(self, dues: Sequence[datetime]) -> None:
        if dues:
            first = min(dues)
            for listener in self._listeners:
                listener(first)

    # -- users and preferences ------------------------------------------------------------------

    def _user(self, session: Session, who: Identity) -> User | None:
        return session.scalar(
            select(User).where(
                User.platform == who.platform,
                User.workspace == who.workspace,
                User.user_key == who.user,
            )
        )

    def _user_or_create(self, session: Session, who: Identity, tz_hint: str | None) -> User:
        user = self._user(session, who)
        if user is None:
            user = User(
                platform=who.platform[:32],
                workspace=who.workspace[:128],
                user_key=who.user[:128],
                timezone=tz_hint if safe_zone(tz_hint) else None,
                quiet_off=False,
                created_at=self._clock(),
            )
            session.add(user)
            session.flush()
        elif user.timezone is None and safe_zone(tz_hint):
            user.timezone = tz_hint
        return user

    def _prefs(self, user: User | None, tz_hint: str | None = None) -> Preferences:
        if user is None:
            return preferences_of(
                timezone=None,
                quiet_start=None,
                quiet_end=None,
                quiet_off=False,
                weekends=None,
                default_zone=self.default_zone,
                tz_hint=tz_hint,
            )
        return preferences_of(
            timezone=user.timezone,
            quiet_start=user.quiet_start,
            quiet_end=user.quiet_end,
            quiet_off=user.quiet_off,
            weekends=user.weekends,
            default_zone=self.default_zone,
            tz_hint=tz_hint,
        )

    def preferences(self, who: Identity, tz_hint: str | None = None) -> Preferences:
        with self._sessions() as session:
            return self._prefs(self._user(session, who), tz_hint)

    def has_timezone(self, who: Identity) -> bool:
        with self._sessions() as session:
            user = self._user(session, who)
            return user is not None and safe_zone(user.timezone) is not None

    def set_timezone(self, who: Identity, zone: ZoneInfo) -> Preferences:
        return self._update_prefs(who, lambda user: setattr(user, "timezone", zone.key))

    def set_quiet(self, who: Identity, start: time | None, end: time | None) -> Preferences:
        """Quiet hours from `start` to `end` local time; both None turns them off."""

        def apply(user: User) -> None:
            if start is None or end is None or start == end:
                user.quiet_off, user.quiet_start, user.quiet_end = True, None, None
            else:
                user.quiet_off = False
                user.quiet_start, user.quiet_end = f"{start:%H:%M}", f"{end:%H:%M}"

        return self._update_prefs(who, apply)

    def set_weekends(self, who: Identity, allowed: bool) -> Preferences:
        return self._update_prefs(who, lambda user: setattr(user, "weekends", allowed))

    def _update_prefs(self, who: Identity, apply: Callable[[User], None]) -> Preferences:
        """Change a preference, then move the user's pending nudges out of the new quiet hours."""
        moved: list[datetime] = []
        with self._sessions.begin() as session:
            user = self._user_or_create(session, who, None)
            apply(user)
            prefs = self._prefs(user)
            pending = session.scalars(
                select(Nudge).where(
                    Nudge.user_id == user.id, Nudge.state == NudgeState.PENDING.value
                )
            )
            for nudge in pending:
                allowed = next_allowed(nudge.due_at, prefs)
                if allowed != nudge.due_at:
                    nudge.due_at = allowed
                    moved.append(allowed)
        self._changed(moved)
        return prefs

    # -- interviews -----------------------------------------------------------------------------

    def register(
        self, who: Identity, new: NewInterview, *, tz_hint: str | None = None
    ) -> InterviewView:
        """Store the interview and its planned nudges in one transaction.

        Written with plain inserts (no unit of work): registering is the hot path, and this
        keeps it close to the cost of a single APScheduler ``add_job`` (see bench_nudges).
        """
        now = self._clock()
        with self._engine.begin() as conn:
            row = conn.execute(
                _FIND_USER,
                {"platform": who.platform, "workspace": who.workspace, "user_key": who.user},
            ).first()
            hint = tz_hint if safe_zone(tz_hint) else None
            if row is None:
                user_id = conn.execute(
                    _INSERT_USER,
                    {
                        "platform": who.platform[:32],
                        "workspace": who.workspace[:128],
                        "user_key": who.user[:128],
                        "timezone": hint,
                        "quiet_off": False,
                        "created_at": now,
                    },
                ).scalar_one()
                stored_zone, quiet = hint, (None, None, False, None)
            else:
                user_id, stored_zone = row.id, row.timezone
                quiet = (row.quiet_start, row.quiet_end, row.quiet_off, row.weekends)
                if stored_zone is None and hint is not None:
                    conn.execute(update(_USERS).where(_USERS.c.id == user_id).values(timezone=hint))
                    stored_zone = hint
            prefs = preferences_of(
                timezone=stored_zone,
                quiet_start=quiet[0],
                quiet_end=quiet[1],
                quiet_off=quiet[2],
                weekends=quiet[3],
                default_zone=self.default_zone,
            )
            values = {
                "user_id": user_id,
                "company": new.company[:COMPANY_MAX],
                "at": new.at.astimezone(UTC),
                "timezone": prefs.timezone.key,
                "interviewers": [name[:NAME_MAX] for name in new.interviewers],
                "role": new.role[:ROLE_MAX] if new.role else None,
                "status": InterviewStatus.ACTIVE.value,
                "created_at": now,
            }
            interview_id = conn.execute(_INSERT_INTERVIEW, values).scalar_one()
            planned = plan_nudges(new.at, prefs, self.plan, now=now)
            rows = [
                {
                    "interview_id": interview_id,
                    "user_id": user_id,
                    "step_id": p.step.id,
                    "state": NudgeState.PENDING.value,
                    "due_at": p.due,
                    "planned_at": p.due,
                    "attempts": 0,
                    "delivery_key": new_delivery_key(),
                    "platform": who.platform[:32],
                }
                for p in planned
            ]
            ids: dict[str, int] = {}
            if rows:
                # One multi-row insert returning ids with their step ids: step ids are unique
                # within a registration, so no (costly) guaranteed row order is needed.
                ids = {
                    step_id: nudge_id for nudge_id, step_id in conn.execute(_INSERT_NUDGES, rows)
                }
        view = InterviewView(
            id=interview_id,
            company=values["company"],
            at=values["at"],
            zone=prefs.timezone,
            interviewers=tuple(values["interviewers"]),
            role=values["role"],
            status=InterviewStatus.ACTIVE.value,
            outcome=None,
            decide_by=None,
            nudges=tuple(
                NudgeView(
                    id=ids[p.step.id],
                    interview_id=interview_id,
                    step_id=p.step.id,
                    title=p.step.title,
                    state=NudgeState.PENDING.value,
                    due_at=p.due,
                    sent_at=None,
                    attempts=0,
                    last_error=None,
                    note=None,
                )
                for p in planned
            ),
        )
        self._changed([p.due for p in planned])
        return view

    def interviews(self, who: Identity, *, include_closed: bool = False) -> list[InterviewView]:
        with self._sessions() as session:
            user = self._user(session, who)
            if user is None:
                return []
            query = (
                select(Interview)
                .where(Interview.user_id == user.id)
                .options(selectinload(Interview.nudges))
                .order_by(Interview.at, Interview.id)
            )
            if not include_closed:
                query = query.where(Interview.status == InterviewStatus.ACTIVE.value)
            return [_interview_view(i, self.plan, list(i.nudges)) for i in session.scalars(query)]

    def interview(self, who: Identity, interview_id: int) -> InterviewView | None:
        with self._sessions() as session:
            interview = self._owned_interview(session, who, interview_id)
            if interview is None:
                return None
            return _interview_view(interview, self.plan, list(interview.nudges))

    def _owned_interview(
        self, session: Session, who: Identity, interview_id: int
    ) -> Interview | None:
        user = self._user(session, who)
        if user is None:
            return None
        return session.scalar(
            select(Interview).where(Interview.id == interview_id, Interview.user_id == user.id)
        )

    def _owned_nudge(self, session: Session, who: Identity, nudge_id: int) -> Nudge | None:
        user = self._user(session, who)
        if user is None:
            return None
        return session.scalar(select(Nudge).where(Nudge.id == nudge_id, Nudge.user_id == user.id))

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
            interview = self._owned_interview(session, who, interview_id)
            if interview is None:
                return None
            interview.status = status.value
            _cancel_open(session, interview.id, f"interview {status.value} by the user")
            session.flush()
            session.refresh(interview)
            return _interview_view(interview, self.plan, list(interview.nudges))

    def interview_of_nudge(self, who: Identity, nudge_id: int) -> int | None:
        with self._sessions() as session:
            nudge = self._owned_nudge(session, who, nudge_id)
            return None if nudge is None else nudge.interview_id

    def done(self, who: Identity, nudge_id: int) -> NudgeView | None:
        with self._sessions.begin() as session:
            nudge = self._owned_nudge(session, who, nudge_id)
            if nudge is None:
                return None
            if nudge.state in (*OPEN_STATES, NudgeState.SENT.value, NudgeState.FAILED.value):
                nudge.state = NudgeState.DONE.value
                nudge.lease_until = None
            return _nudge_view(nudge, self.plan)

    def snooze(self, who: Identity, nudge_id: int, preset: str) -> NudgeView | None:
        """Ask again later: a pending nudge moves; a delivered one is owed again (a new row,
        so its delivery key differs from the message already sent)."""
        if preset not in snooze.BY_VALUE:
            raise ValueError(f"unknown snooze {preset!r}")
        now = self._clock()
        with self._sessions.begin() as session:
            nudge = self._owned_nudge(session, who, nudge_id)
            if nudge is None:
                return None
            interview = session.get(Interview, nudge.interview_id)
            if interview is None or interview.status != InterviewStatus.ACTIVE.value:
                return None
            user = session.get(User, nudge.user_id)
            prefs = self._prefs(user)
            due = next_allowed(snooze.snooze_until(now, preset, prefs.timezone), prefs)
            if nudge.state in OPEN_STATES:
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
            view = _nudge_view(target, self.plan)
        self._changed([due])
        return view

    # -- outcomes -------------------------------------------------------------------------------

    def active_interviews(self, who: Identity) -> list[InterviewView]:
        return self.interviews(who)

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
            interview = self._owned_interview(session, who, interview_id)
            if interview is None:
                return None
            interview.outcome = outcome
            cancelled = moved = 0
            if outcome == "pending":
                interview.decide_by = decide_by
                if decide_by is not None:
                    moved_dues = self._reshape(session, interview, decide_by)
                    moved = len(moved_dues)
            else:
                interview.status = InterviewStatus.CLOSED.value
                cancelled = _cancel_open(session, interview.id, f"outcome recorded: {outcome}")
            session.flush()
            session.refresh(interview)
            view = _interview_view(interview, self.plan, list(interview.nudges))
        self._changed(moved_dues)
        return OutcomeResult(view, self.plan.outcomes.get(outcome), cancelled, moved)

    def _reshape(
        self, session: Session, interview: Interview, decide_by: datetime
    ) -> list[datetime]:
        user = session.get(User, interview.user_id)
        prefs = self._prefs(user)
        rows = [
            n
            for n in session.scalars(
                select(Nudge).where(
                    Nudge.interview_id == interview.id, Nudge.state == NudgeState.PENDING.value
                )
            )
            if _has_step(self.plan, n.step_id)
        ]
        planned = [PlannedNudge(self.plan.step(n.step_id), n.due_at) for n in rows]
        by_step = {n.step_id: n for n in rows}
        moved: list[datetime] = []
        for new in reshape(planned, decide_by, prefs, self.plan):
            row = by_step.get(new.step.id)
            if row is not None and row.due_at != new.due:
                row.due_at = new.due
                row.planned_at = new.due
                row.note = f"moved after the decision date {decide_by:%Y-%m-%d}"
                moved.append(new.due)
        return moved

    # -- unreachable users ----------------------------------------------------------------------

    def take_unreachable_notice(self, who: Identity) -> str | None:
        """If the user was marked unreachable: clear the mark (so delivery is retried) and
        return the reason; None otherwise. Cheap when there is no mark."""
        if self._unreachable is not None and not self._unreachable.might_be_unreachable(who):
            return None
        with self._sessions() as session:
            user = self._user(session, who)
            if user is None or session.get(Unreachable, user.id) is None:
                return None
        with self._sessions.begin() as session:
            user = self._user(session, who)
            mark = session.get(Unreachable, user.id) if user is not None else None
            if mark is None:
                return None
            reason = mark.reason
            session.delete(mark)
        if self._unreachable is not None:
            self._unreachable.invalidate()
        self._changed([self._clock()])
        return reason

    # -- forget me ------------------------------------------------------------------------------

    def forget(self, who: Identity) -> Forgotten:
        """Delete everything stored about the user: interviews, nudges, preferences, marks."""
        with self._sessions.begin() as session:
            user = self._user(session, who)
            if user is None:
                return Forgotten(0, 0, had_preferences=False)
            nudges = session.execute(delete(Nudge).where(Nudge.user_id == user.id))
            interviews = session.execute(delete(Interview).where(Interview.user_id == user.id))
            session.execute(delete(Unreachable).where(Unreachable.user_id == user.id))
            had_prefs = bool(
                user.timezone or user.quiet_start or user.quiet_off or user.weekends is not None
            )
            session.execute(delete(User).where(User.id == user.id))
            return Forgotten(
                interviews=int(getattr(interviews, "rowcount", 0) or 0),
                nudges=int(getattr(nudges, "rowcount", 0) or 0),
                had_preferences=had_prefs,
            )


def new_delivery_key() -> str:
    """Stable per nudge, unique across databases, 24 characters (Discord's nonce allows 25)."""
    return "av" + uuid.uuid4().hex[:22]


def _cancel_open(session: Session, interview_id: int, note: str) -> int:
    result = session.execute(
        update(Nudge)
        .where(Nudge.interview_id == interview_id, Nudge.state.in_(OPEN_STATES))
        .values(state=NudgeState.CANCELLED.value, lease_until=None, note=note)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return int(getattr(result, "rowcount", 0) or 0)


def _has_step(plan: Plan, step_id: str) -> bool:
    return any(step.id == step_id for step in plan.steps)


def _title(plan: Plan, step_id: str) -> str:
    try:
        return plan.step(step_id).title
    except KeyError:
        return step_id.replace("_", " ")


def _nudge_view(nudge: Nudge, plan: Plan) -> NudgeView:
    return NudgeView(
        id=nudge.id,
        interview_id=nudge.interview_id,
        step_id=nudge.step_id,
        title=_title(plan, nudge.step_id),
        state=nudge.state,
        due_at=nudge.due_at,
        sent_at=nudge.sent_at,
        attempts=nudge.attempts,
        last_error=nudge.last_error,
        note=nudge.note,
    )


def _interview_view(interview: Interview, plan: Plan, nudges: list[Nudge]) -> InterviewView:
    return InterviewView(
        id=interview.id,
        company=interview.company,
        at=interview.at,
        zone=safe_zone(interview.timezone) or ZoneInfo("UTC"),
        interviewers=tuple(interview.interviewers or ()),
        role=interview.role,
        status=interview.status,
        outcome=interview.outcome,
        decide_by=interview.decide_by,
        nudges=tuple(_nudge_view(n, plan) for n in sorted(nudges, key=lambda n: (n.due_at, n.id))),
    )


__all__ = [
    "Forgotten",
    "InterviewView",
    "NewInterview",
    "NudgeView",
    "OutcomeResult",
    "Tracker",
]
