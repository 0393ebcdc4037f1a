"""People and their identities: finding, creating and owning rows.

Every lookup starts from the full acting identity and goes to its person: an id that belongs to
another person is treated exactly like one that does not exist. An identity longer than its
columns is refused (`IdentityTooLong`), never cut: a cut id could collide with another user's
and see their interviews.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    ScalarSelect,
    Select,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.core.failures import Refused
from bot.core.messages import Identity
from bot.db.models import Interview, Nudge, PlatformIdentity, Unreachable, User
from bot.db.prepared import KeptReader, Prepared

PLATFORM_MAX = 32
WORKSPACE_MAX = 128
USER_MAX = 128

_USERS = User.metadata.tables["users"]
_IDENTITIES = User.metadata.tables["identities"]
PREFERENCE_COLUMNS = (
    _USERS.c.timezone,
    _USERS.c.quiet_start,
    _USERS.c.quiet_end,
    _USERS.c.quiet_off,
    _USERS.c.weekends,
)
"""The stored preferences, in `StoredPreferences` order."""


@dataclass(frozen=True, slots=True)
class StoredPreferences:
    """A person's preferences as stored (None: never set), before defaults are filled in."""

    timezone: str | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    quiet_off: bool = False
    weekends: bool | None = None

    @classmethod
    def of_user(cls, user: User) -> StoredPreferences:
        return cls(user.timezone, user.quiet_start, user.quiet_end, user.quiet_off, user.weekends)


def by_identity(*columns: Any) -> Select[Any]:
    """`columns` of the person whose identity is bound as ``platform``, ``workspace`` and
    ``user_key`` (the values of `identity_key`): the prepared statements' lookup."""
    return (
        select(*columns)
        .join(_IDENTITIES, _IDENTITIES.c.user_id == _USERS.c.id)
        .where(
            _IDENTITIES.c.platform == bindparam("platform"),
            _IDENTITIES.c.workspace == bindparam("workspace"),
            _IDENTITIES.c.user_key == bindparam("user_key"),
        )
    )


_PREFERENCES = Prepared(by_identity(*PREFERENCE_COLUMNS))
_INSERT_USER = Prepared(
    insert(_USERS)
    .values(
        timezone=bindparam("timezone", type_=_USERS.c.timezone.type),
        quiet_off=False,
        created_at=bindparam("created_at", type_=_USERS.c.created_at.type),
    )
    .returning(_USERS.c.id)
)
_INSERT_IDENTITY = Prepared(
    insert(_IDENTITIES)
    .inline()
    .values(
        {
            name: bindparam(name, type_=_IDENTITIES.c[name].type)
            for name in ("user_id", "platform", "workspace", "user_key", "created_at")
        }
    )
)
_SET_ZONE = Prepared(
    update(_USERS)
    .where(_USERS.c.id == bindparam("user_id"))
    .values(timezone=bindparam("timezone", type_=_USERS.c.timezone.type))
)


class IdentityTooLong(Refused):
    """A platform, workspace or user id longer than the store keeps; the coach tells the user."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "Your account's id on this platform is longer than I can store, so I can't keep "
            "interviews or settings for it.",
            "Nothing was saved. Questions still work: ask me anything about the days after an "
            "interview.",
        )
        self.detail = detail


def check_identity(who: Identity) -> Identity:
    """`who` itself, or `IdentityTooLong` if any part would not fit its column whole."""
    if (
        len(who.platform) > PLATFORM_MAX
        or len(who.workspace) > WORKSPACE_MAX
        or len(who.user) > USER_MAX
    ):
        raise IdentityTooLong(f"identity too long: {who.platform[:PLATFORM_MAX]!r}")
    return who


def identity_key(who: Identity) -> dict[str, str]:
    """The identity's column values, refused (`IdentityTooLong`) if they would not fit."""
    check_identity(who)
    return {"platform": who.platform, "workspace": who.workspace, "user_key": who.user}


def _is(who: Identity) -> tuple[ColumnElement[bool], ...]:
    """The where-clause terms that pick the identity `who`."""
    return (
        PlatformIdentity.platform == who.platform,
        PlatformIdentity.workspace == who.workspace,
        PlatformIdentity.user_key == who.user,
    )


def identity_row(session: Session, who: Identity) -> PlatformIdentity | None:
    return session.scalar(select(PlatformIdentity).where(*_is(who)))


def find(session: Session, who: Identity) -> User | None:
    """The person `who` belongs to, or None for an identity never seen."""
    return session.scalar(
        select(User).join(PlatformIdentity, PlatformIdentity.user_id == User.id).where(*_is(who))
    )


def find_or_create(session: Session, who: Identity, *, timezone: str | None, now: datetime) -> User:
    """The person's row, created with its identity on first use; `timezone` seeds a zone never
    set before."""
    user = find(session, who)
    if user is None:
        key = identity_key(who)
        user = User(timezone=timezone, quiet_off=False, created_at=now)
        session.add(user)
        session.flush()
        session.add(PlatformIdentity(user_id=user.id, created_at=now, **key))
        session.flush()
    elif user.timezone is None and timezone is not None:
        user.timezone = timezone
    return user


def create_row(
    conn: Connection, key: dict[str, str], *, timezone: str | None, now: datetime
) -> int:
    """A new person with the identity `key` (from `identity_key`), for the registration hot
    path: two prepared statements, no unit of work. Returns the person's id."""
    (user_id,) = _INSERT_USER.one(conn, {"timezone": timezone, "created_at": now})
    _INSERT_IDENTITY.rows(conn, {**key, "user_id": user_id, "created_at": now})
    return int(user_id)


def stored_preferences(source: Engine | KeptReader, who: Identity) -> StoredPreferences | None:
    """`who`'s person's stored preferences, None for an identity never seen: read on every
    command that shows or reads a time, so it is one prepared SELECT outside any transaction
    (on the tracker's kept read connection when `source` is one)."""
    key = identity_key(who)
    if isinstance(source, KeptReader):
        found = source.rows(_PREFERENCES, key)
    else:
        found = _PREFERENCES.read(source, key)
    return stored_of(found[0]) if found else None


def stored_of(row: Sequence[Any]) -> StoredPreferences:
    """The `StoredPreferences` of a row holding `PREFERENCE_COLUMNS`, in that order."""
    zone, quiet_start, quiet_end, quiet_off, weekends = row
    return StoredPreferences(zone, quiet_start, quiet_end, bool(quiet_off), weekends)


def set_zone_row(conn: Connection, user_id: int, timezone: str) -> None:
    _SET_ZONE.rows(conn, {"user_id": user_id, "timezone": timezone})


def _person_of(who: Identity) -> ScalarSelect[int]:
    """A scalar subquery: the id of the person `who` belongs to."""
    return select(PlatformIdentity.user_id).where(*_is(who)).scalar_subquery()


def owned_interview(session: Session, who: Identity, interview_id: int) -> Interview | None:
    """The interview if it belongs to `who`'s person; None for anyone else's, as for none."""
    return session.scalar(
        select(Interview).where(Interview.id == interview_id, Interview.user_id == _person_of(who))
    )


def owned_nudge(session: Session, who: Identity, nudge_id: int) -> Nudge | None:
    """The nudge if it belongs to `who`'s person; None for anyone else's, exactly as for none."""
    return session.scalar(
        select(Nudge).where(Nudge.id == nudge_id, Nudge.user_id == _person_of(who))
    )


def unreachable_identities(session: Session) -> list[tuple[str, str, str]]:
    """Every identity of every person currently marked unreachable."""
    rows = session.execute(
        select(
            PlatformIdentity.platform, PlatformIdentity.workspace, PlatformIdentity.user_key
        ).join(Unreachable, Unreachable.user_id == PlatformIdentity.user_id)
    ).all()
    return [(str(p), str(w), str(u)) for p, w, u in rows]


def noticed_identities(session: Session) -> list[tuple[str, str, str]]:
    """Every identity of every person with a notice waiting for their next interaction."""
    rows = session.execute(
        select(PlatformIdentity.platform, PlatformIdentity.workspace, PlatformIdentity.user_key)
        .join(User, User.id == PlatformIdentity.user_id)
        .where(User.notice.is_not(None))
    ).all()
    return [(str(p), str(w), str(u)) for p, w, u in rows]


def unreachable_mark(session: Session, who: Identity) -> Unreachable | None:
    user = find(session, who)
    return None if user is None else session.get(Unreachable, user.id)


def clear_unreachable(session: Session, who: Identity) -> str | None:
    """Remove the person's unreachable mark; its reason, or None when there was none."""
    mark = unreachable_mark(session, who)
    if mark is None:
        return None
    session.delete(mark)
    return mark.reason
