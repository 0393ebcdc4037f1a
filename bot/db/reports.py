"""Read-only queries behind operator reports (`afterview nudges --json`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.messages import Identity
from bot.db import users
from bot.db.models import Interview, Nudge, PlatformIdentity


def nudges_with_owners(
    session: Session, user: Identity | None
) -> list[tuple[Nudge, Interview, PlatformIdentity | None]]:
    """Every nudge (or one person's, found by any of their identities) with its interview and
    the identity it goes to (the person's first on the nudge's platform), oldest due first."""
    query = (
        select(Nudge, Interview)
        .join(Interview, Interview.id == Nudge.interview_id)
        .order_by(Nudge.due_at, Nudge.id)
    )
    if user is not None:
        person = users.find(session, user)
        if person is None:
            return []
        query = query.where(Nudge.user_id == person.id)
    found = [(n, i) for n, i in session.execute(query)]
    owners = {n.user_id for n, _ in found}
    by_person: dict[tuple[int, str], PlatformIdentity] = {}
    for identity in session.scalars(
        select(PlatformIdentity)
        .where(PlatformIdentity.user_id.in_(owners))
        .order_by(PlatformIdentity.id.desc())
    ):
        by_person[(identity.user_id, identity.platform)] = identity
    return [(n, i, by_person.get((n.user_id, n.platform))) for n, i in found]
