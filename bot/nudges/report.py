"""Nudges as plain rows, for `afterview nudges --json`, operators and tests."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Identity
from bot.db import reports


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
            "platform": nudge.platform,
            "workspace": owner.workspace if owner else None,
            "user": owner.user_key if owner else None,
        }
        for nudge, interview, owner in reports.nudges_with_owners(session, user)
    ]
