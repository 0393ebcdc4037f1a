"""The registration's read: who is registering and what they already have, in one statement.

A registration needs the person's preferences, how many interviews count toward the cap and
whether this one is already there. For someone known, one prepared statement answers all three
(a round trip and an execution fewer per registration than a lookup and then the checks); a
first-time user is created, and has nothing yet to count. Those writes (and a zone seeded on
a person who had none) come before the registration's own, so they ask for a transaction
first (`needs_transaction`): a registration run as one statement is one transaction from there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select

from bot.core.messages import Identity
from bot.db import users
from bot.db.group_commit import needs_transaction
from bot.db.models import Interview, InterviewStatus, User
from bot.db.prepared import Prepared
from bot.db.users import StoredPreferences

_USERS = User.metadata.tables["users"]
_INTERVIEWS = Interview.metadata.tables["interviews"]


@dataclass(frozen=True, slots=True)
class Registrant:
    """The person registering, as stored, and what they already have."""

    user_id: int
    stored: StoredPreferences
    nudges_to: str | None
    kept: int
    """Interviews that count toward the cap (all but the cancelled)."""
    duplicate: int | None
    """An active interview with this company (any case) close to this one's time."""


def _statement() -> Prepared:
    kept = (
        select(func.count(_INTERVIEWS.c.id))
        .where(
            _INTERVIEWS.c.user_id == _USERS.c.id,
            _INTERVIEWS.c.status != InterviewStatus.CANCELLED.value,
        )
        .scalar_subquery()
    )
    same = (
        select(_INTERVIEWS.c.id)
        .where(
            _INTERVIEWS.c.user_id == _USERS.c.id,
            _INTERVIEWS.c.status == InterviewStatus.ACTIVE.value,
            func.lower(_INTERVIEWS.c.company) == bindparam("company"),
            _INTERVIEWS.c.at >= bindparam("start", type_=_INTERVIEWS.c.at.type),
            _INTERVIEWS.c.at <= bindparam("end", type_=_INTERVIEWS.c.at.type),
        )
        .order_by(_INTERVIEWS.c.id)
        .limit(1)
        .scalar_subquery()
    )
    return Prepared(
        users.by_identity(_USERS.c.id, *users.PREFERENCE_COLUMNS, _USERS.c.nudges_to, kept, same)
    )


_REGISTRANT = _statement()


def registrant(
    conn: Connection,
    who: Identity,
    *,
    company: str,
    start: datetime,
    end: datetime,
    timezone: str | None,
    now: datetime,
) -> Registrant:
    """`who`'s person (created on first use, `timezone` seeding a zone never set before), the
    cap count and any active interview with `company` between `start` and `end`."""
    key = users.identity_key(who)
    found = _REGISTRANT.first(conn, {**key, "company": company.lower(), "start": start, "end": end})
    if found is None:
        needs_transaction(conn)
        user_id = users.create_row(conn, key, timezone=timezone, now=now)
        return Registrant(user_id, StoredPreferences(timezone=timezone), None, 0, None)
    user_id, *preferences, nudges_to, kept, same = found
    stored = users.stored_of(preferences)
    if stored.timezone is None and timezone is not None:
        needs_transaction(conn)
        users.set_zone_row(conn, user_id, timezone)
        stored = replace(stored, timezone=timezone)
    return Registrant(user_id, stored, nudges_to, int(kept), None if same is None else int(same))
