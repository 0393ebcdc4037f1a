"""Read-only queries behind operator reports (`afterview nudges --json`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.messages import Identity
from bot.db.models import Interview, Nudge, User


def nudges_with_owners(
    session: Session, user: Identity | None
) -> list[tuple[Nudge, Interview, User]]:
    """Every nudge (or one user's) with its interview and owner, oldest due first."""
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
    return [(n, i, u) for n, i, u in session.execute(query)]
