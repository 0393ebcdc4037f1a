"""Nudges as plain rows, for `afterview nudges --json`, operators and tests."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Identity
from bot.db.models import Interview, Nudge, User


class HasSessions(Protocol):
    @property
    def sessions(self) -> sessionmaker[Session]: ...


def nudges_report(
    source: HasSessions | sessionmaker[Session] | Session, *, user: Identity | None
) -> list[dict[str, Any]]:
    """Every nudge (or one user's), oldest due first, as JSON-ready dicts.

    Keys: id, interview, company, step, state, due, attempts, last_error, note,
    delivered_at, platform, workspace, user. Times are ISO 8601 in UTC.
    """
    if isinstance(source, Session):
        return _rows(source, user)
    factory = source if isinstance(source, sessionmaker) else source.sessions
    with factory() as session:
        return _rows(session, user)


def _rows(session: Session, user: Identity | None) -> list[dict[str, Any]]:
    query = (
        select(Nudge, Interview, User)
        .join(Interview, Interview.id == Nudge.interview_id)
        .join(User, User.id == Nudge.user_id)
        .order_by(Nudge.due_at, Nudge.id)
    )
    if user is not None:
        query = query.where(
            User.platform == user.platform,
            User.workspace == user.workspace,
            User.user_key == user.user,
        )
    return [
        {
            "id": nudge.id,
            "interview": interview.id,
            "company": interview.company,
            "step": nudge.step_id,
            "state": nudge.state,
            "due": nudge.due_at.isoformat(),
            "attempts": nudge.attempts,
            "last_error": nudge.last_error,
            "note": nudge.note,
            "delivered_at": nudge.sent_at.isoformat() if nudge.sent_at else None,
            "platform": owner.platform,
            "workspace": owner.workspace,
            "user": owner.user_key,
        }
        for nudge, interview, owner in session.execute(query)
    ]
