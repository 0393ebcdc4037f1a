"""Interviews and their nudges: the statements the interview service runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
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

OPEN_STATES = (NudgeState.PENDING.value, NudgeState.SENDING.value)
"""States of a nudge that is still owed."""

_INTERVIEWS = Interview.metadata.tables["interviews"]
_NUDGES = Nudge.metadata.tables["nudges"]
_INSERT_INTERVIEW = insert(_INTERVIEWS).returning(_INTERVIEWS.c.id)
_INSERT_NUDGES = insert(_NUDGES).returning(_NUDGES.c.id, _NUDGES.c.step_id)


def insert_registration(
    conn: Connection, interview: dict[str, Any], nudges: Sequence[dict[str, Any]]
) -> tuple[int, dict[str, int]]:
    """Insert one interview and its nudges: ``(interview id, {step id: nudge id})``.

    Plain statements, no unit of work: registering is the hot path. The nudges go in one
    multi-row insert returning ids with their step ids; step ids are unique within one
    registration, so no (costly) guaranteed row order is needed.
    """
    interview_id: int = conn.execute(_INSERT_INTERVIEW, interview).scalar_one()
    if not nudges:
        return interview_id, {}
    rows = [{**row, "interview_id": interview_id} for row in nudges]
    return interview_id, {step: nudge_id for nudge_id, step in conn.execute(_INSERT_NUDGES, rows)}


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


def _kept(user_id: int) -> Any:
    return select(func.count(_INTERVIEWS.c.id)).where(
        _INTERVIEWS.c.user_id == user_id,
        _INTERVIEWS.c.status != InterviewStatus.CANCELLED.value,
    )


def _same(user_id: int, company: str, start: datetime, end: datetime) -> Any:
    return (
        select(_INTERVIEWS.c.id)
        .where(
            _INTERVIEWS.c.user_id == user_id,
            _INTERVIEWS.c.status == InterviewStatus.ACTIVE.value,
            func.lower(_INTERVIEWS.c.company) == company.lower(),
            _INTERVIEWS.c.at >= start,
            _INTERVIEWS.c.at <= end,
        )
        .order_by(_INTERVIEWS.c.id)
        .limit(1)
    )


def kept_and_same(
    conn: Connection, user_id: int, company: str, start: datetime, end: datetime
) -> tuple[int, int | None]:
    """How many interviews count toward the cap (all but the cancelled), and the id of an
    active one with this company (any case) between start and end: one statement, so a
    registration makes one round trip for both checks inside its transaction."""
    query = select(
        _kept(user_id).scalar_subquery(), _same(user_id, company, start, end).scalar_subquery()
    )
    kept, same = conn.execute(query).one()
    return int(kept), None if same is None else int(same)
