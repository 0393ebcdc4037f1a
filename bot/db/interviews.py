"""Interviews and their nudges: the statements the interview service runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db.group_commit import needs_transaction
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
_INSERT_INTERVIEW_STATEMENT = (
    insert(_INTERVIEWS)
    .values({name: bindparam(name, type_=_INTERVIEWS.c[name].type) for name in _REGISTERED})
    .returning(_INTERVIEWS.c.id)
)
_INSERT_INTERVIEW = Prepared(_INSERT_INTERVIEW_STATEMENT)
_SHARED = ("user_id", "state", "attempts", "platform")
"""What every nudge of one registration has in common: bound once per statement."""
_OWN = ("step_id", "due_at", "planned_at", "delivery_key")
"""What each nudge has of its own."""


@dataclass(frozen=True, slots=True)
class _NudgeInsert:
    """The multi-row insert for one number of nudges, and its parameter names per row."""

    prepared: Prepared
    together: Prepared
    """PostgreSQL: the interview and its nudges in one statement (the interview's insert as
    a data-modifying CTE), one round trip fewer per registration."""
    names: tuple[tuple[tuple[str, str], ...], ...]
    """Per row: (parameter name, column) of its own columns."""


_INTERVIEW_ID = bindparam("interview_id", type_=_NUDGES.c.interview_id.type)
_SHARED_BINDS = {name: bindparam(f"nudge_{name}", type_=_NUDGES.c[name].type) for name in _SHARED}
_NUDGE_INSERTS: dict[int, _NudgeInsert] = {}
"""One per number of nudges (a plan has a handful of steps)."""


def _nudge_insert(count: int) -> _NudgeInsert:
    found = _NUDGE_INSERTS.get(count)
    if found is not None:
        return found
    names = tuple(tuple((f"{name}_{i}", name) for name in _OWN) for i in range(count))

    def rows(interview_id: Any) -> list[dict[str, Any]]:
        return [
            {"interview_id": interview_id}
            | _SHARED_BINDS
            | {name: bindparam(key, type_=_NUDGES.c[name].type) for key, name in row}
            for row in names
        ]

    returned = (_NUDGES.c.id, _NUDGES.c.step_id)
    new_interview = _INSERT_INTERVIEW_STATEMENT.cte("new_interview")
    together = (
        insert(_NUDGES)
        .values(rows(select(new_interview.c.id).scalar_subquery()))
        .add_cte(new_interview)
        .returning(*returned, _NUDGES.c.interview_id)
    )
    made = _NudgeInsert(
        prepared=Prepared(insert(_NUDGES).values(rows(_INTERVIEW_ID)).returning(*returned)),
        together=Prepared(together),
        names=names,
    )
    return _NUDGE_INSERTS.setdefault(count, made)


def insert_registration(
    conn: Connection, interview: dict[str, Any], nudges: Sequence[dict[str, Any]]
) -> tuple[int, dict[str, int]]:
    """Insert one interview and its nudges: ``(interview id, {step id: nudge id})``.

    Prepared statements, no unit of work: registering is the hot path. The nudges go in one
    multi-row insert returning ids with their step ids; step ids are unique within one
    registration, so no (costly) guaranteed row order is needed. On PostgreSQL the interview's
    insert rides in the same statement; SQLite has no data-modifying CTEs, and runs it first.
    The nudges of one registration share their person, state, attempts and platform, bound
    once: few enough parameters that psycopg keeps the statement's conversion (it keeps none
    for more than 50), and fewer values to bind on SQLite. On PostgreSQL this is one
    statement, so it may run outside a transaction (`GroupCommit`'s one-statement work).
    """
    if not nudges:
        (interview_id,) = _INSERT_INTERVIEW.one(conn, interview)
        return interview_id, {}
    first = nudges[0]
    if any(row[name] != first[name] for row in nudges for name in _SHARED):
        raise ValueError("one registration's nudges share person, state, attempts, platform")
    statement = _nudge_insert(len(nudges))
    values = {f"nudge_{name}": first[name] for name in _SHARED}
    for names, row in zip(statement.names, nudges, strict=True):
        for key, name in names:
            values[key] = row[name]
    if conn.dialect.name == "postgresql":
        found = statement.together.rows(conn, values | interview)
        return found[0][2], {step: nudge_id for nudge_id, step, _ in found}
    needs_transaction(conn)  # two statements here
    (interview_id,) = _INSERT_INTERVIEW.one(conn, interview)
    values["interview_id"] = interview_id
    return interview_id, {
        step: nudge_id for nudge_id, step in statement.prepared.rows(conn, values)
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
