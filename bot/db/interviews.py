"""Interviews and their nudges: the statements the interview service runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db.models import (
    Interview,
    InterviewStatus,
    LinkAttempt,
    LinkCode,
    Nudge,
    NudgeState,
    PlatformIdentity,
    Unreachable,
    User,
)
from bot.db.prepared import Prepared

OPEN_STATES = (NudgeState.PENDING.value, NudgeState.SENDING.value)
"""States of a nudge that is still owed."""

_INTERVIEWS = Interview.metadata.tables["interviews"]
_NUDGES = Nudge.metadata.tables["nudges"]
_REGISTERED = (
    "user_id",
    "company",
    "at",
    "timezone",
    "interviewers",
    "role",
    "status",
    "created_at",
)
_INSERT_INTERVIEW = Prepared(
    insert(_INTERVIEWS)
    .values({name: bindparam(name, type_=_INTERVIEWS.c[name].type) for name in _REGISTERED})
    .returning(_INTERVIEWS.c.id)
)
_NUDGE_COLUMNS = (
    "interview_id",
    "user_id",
    "step_id",
    "state",
    "due_at",
    "planned_at",
    "attempts",
    "delivery_key",
    "platform",
)
_INSERT_NUDGES: dict[int, Prepared] = {}
"""One multi-row insert per number of nudges (a plan has a handful of steps)."""


def _insert_nudges(count: int) -> Prepared:
    prepared = _INSERT_NUDGES.get(count)
    if prepared is None:
        rows = [
            {name: bindparam(f"{name}_{i}", type_=_NUDGES.c[name].type) for name in _NUDGE_COLUMNS}
            for i in range(count)
        ]
        statement = insert(_NUDGES).values(rows).returning(_NUDGES.c.id, _NUDGES.c.step_id)
        prepared = _INSERT_NUDGES.setdefault(count, Prepared(statement))
    return prepared


def insert_registration(
    conn: Connection, interview: dict[str, Any], nudges: Sequence[dict[str, Any]]
) -> tuple[int, dict[str, int]]:
    """Insert one interview and its nudges: ``(interview id, {step id: nudge id})``.

    Two prepared statements, no unit of work: registering is the hot path. The nudges go in
    one multi-row insert returning ids with their step ids; step ids are unique within one
    registration, so no (costly) guaranteed row order is needed.
    """
    (interview_id,) = _INSERT_INTERVIEW.one(conn, interview)
    if not nudges:
        return interview_id, {}
    values = {
        f"{name}_{i}": interview_id if name == "interview_id" else row[name]
        for i, row in enumerate(nudges)
        for name in _NUDGE_COLUMNS
    }
    return interview_id, {
        step: nudge_id for nudge_id, step in _insert_nudges(len(nudges)).rows(conn, values)
    }


def interviews_of(session: Session, user_id: int, *, include_closed: bool) -> list[Interview]:
    """The user's interviews with their nudges loaded, earliest first."""
    query = (
        select(Interview)
        .where(Interview.user_id == user_id)
        .options(selectinload(Interview.nudges))
        .order_by(Interview.at, Interview.id)
    )
    if not include_closed:
        query = query.where(Interview.status == InterviewStatus.ACTIVE.value)
    return list(session.scalars(query))


def pending_nudges_of_user(session: Session, user_id: int) -> list[Nudge]:
    return list(
        session.scalars(
            select(Nudge).where(Nudge.user_id == user_id, Nudge.state == NudgeState.PENDING.value)
        )
    )


def pending_nudges_of_interview(session: Session, interview_id: int) -> list[Nudge]:
    return list(
        session.scalars(
            select(Nudge).where(
                Nudge.interview_id == interview_id, Nudge.state == NudgeState.PENDING.value
            )
        )
    )


def cancel_open(session: Session, interview_id: int, note: str) -> int:
    """Cancel whatever is still owed for the interview; how many nudges that was."""
    result = session.execute(
        update(Nudge)
        .where(Nudge.interview_id == interview_id, Nudge.state.in_(OPEN_STATES))
        .values(state=NudgeState.CANCELLED.value, lease_until=None, note=note)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class Deleted:
    interviews: int
    nudges: int


def delete_user(session: Session, user: User) -> Deleted:
    """Every row about the person: nudges, interviews, unreachable mark, link codes and
    attempts, every linked identity, the person itself."""
    nudges = session.execute(delete(Nudge).where(Nudge.user_id == user.id))
    interviews = session.execute(delete(Interview).where(Interview.user_id == user.id))
    session.execute(delete(Unreachable).where(Unreachable.user_id == user.id))
    session.execute(delete(LinkCode).where(LinkCode.user_id == user.id))
    own = select(PlatformIdentity.id).where(PlatformIdentity.user_id == user.id)
    session.execute(delete(LinkAttempt).where(LinkAttempt.identity_id.in_(own)))
    session.execute(delete(PlatformIdentity).where(PlatformIdentity.user_id == user.id))
    session.execute(delete(User).where(User.id == user.id))
    return Deleted(
        interviews=int(getattr(interviews, "rowcount", 0) or 0),
        nudges=int(getattr(nudges, "rowcount", 0) or 0),
    )


def _listed(user_id: int, include_closed: bool) -> Any:
    query = select(Interview).where(Interview.user_id == user_id)
    if not include_closed:
        query = query.where(Interview.status == InterviewStatus.ACTIVE.value)
    return query


def interviews_page(
    session: Session, user_id: int, *, include_closed: bool, offset: int, limit: int
) -> list[Interview]:
    """One page of the user's interviews with their nudges loaded, newest first."""
    query = (
        _listed(user_id, include_closed)
        .options(selectinload(Interview.nudges))
        .order_by(Interview.at.desc(), Interview.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(query))


def count_interviews(session: Session, user_id: int, *, include_closed: bool) -> int:
    query = _listed(user_id, include_closed).with_only_columns(func.count(Interview.id))
    return int(session.scalar(query) or 0)
