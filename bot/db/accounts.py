"""Linking statements: identities of a person, link codes and attempts, merging and detaching.

Every function takes ids the caller already resolved from the acting identity (see
`bot.accounts.service`); nothing here looks up a person from user input.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Interview,
    LinkAttempt,
    LinkCode,
    Nudge,
    NudgeState,
    PlatformIdentity,
    Unreachable,
    User,
)

_PREFERENCES = ("timezone", "quiet_start", "quiet_end", "weekends", "nudges_to")


def identities_of(session: Session, user_id: int) -> list[PlatformIdentity]:
    """The person's identities, oldest first."""
    return list(
        session.scalars(
            select(PlatformIdentity)
            .where(PlatformIdentity.user_id == user_id)
            .order_by(PlatformIdentity.id)
        )
    )


def replace_code(
    session: Session, user_id: int, identity_id: int, code: str, expires_at: datetime
) -> None:
    """The person's one live code: a new `link` replaces any older one."""
    session.execute(delete(LinkCode).where(LinkCode.user_id == user_id))
    session.add(
        LinkCode(code=code, user_id=user_id, identity_id=identity_id, expires_at=expires_at)
    )


def take_code(session: Session, code: str) -> LinkCode | None:
    """The code's row, deleted in the same transaction: a code works once, even if wrong."""
    row = session.get(LinkCode, code)
    if row is not None:
        session.delete(row)
    return row


def drop_expired_codes(session: Session, now: datetime) -> None:
    session.execute(delete(LinkCode).where(LinkCode.expires_at <= now))


def attempts(session: Session, identity_id: int) -> LinkAttempt | None:
    return session.get(LinkAttempt, identity_id)


def count_failure(session: Session, identity_id: int, now: datetime, window_start: bool) -> int:
    """One more wrong code for the identity (a fresh window when `window_start`); the count."""
    row = session.get(LinkAttempt, identity_id)
    if row is None:
        row = LinkAttempt(identity_id=identity_id, failures=0, window_start=now)
        session.add(row)
    if window_start:
        row.failures, row.window_start = 0, now
    row.failures += 1
    return row.failures


def clear_failures(session: Session, identity_id: int) -> None:
    session.execute(delete(LinkAttempt).where(LinkAttempt.identity_id == identity_id))


def merge_people(session: Session, keep: User, gone: User) -> None:
    """Move everything of `gone` to `keep` and delete `gone`: interviews, nudges, identities.
    Preferences `keep` never set are taken from `gone`; an unreachable mark is dropped (the
    person has just talked to us)."""
    for name in _PREFERENCES:
        if getattr(keep, name) is None and getattr(gone, name) is not None:
            setattr(keep, name, getattr(gone, name))
    if gone.quiet_off and keep.quiet_start is None and not keep.quiet_off:
        keep.quiet_off = True
    for table in (Interview, Nudge, PlatformIdentity):
        session.execute(
            update(table)
            .where(table.user_id == gone.id)
            .values(user_id=keep.id)
            .execution_options(synchronize_session=False)
        )
    for mark in (Unreachable, LinkCode):
        session.execute(delete(mark).where(mark.user_id.in_((gone.id, keep.id))))
    session.execute(delete(User).where(User.id == gone.id))
    if keep.nudges_to is not None:
        retarget_pending(session, keep.id, keep.nudges_to)
    session.expire_all()


def retarget_pending(session: Session, user_id: int, platform: str) -> int:
    """Point every still-owed nudge of the person at `platform`; how many moved."""
    result = session.execute(
        update(Nudge)
        .where(Nudge.user_id == user_id, Nudge.state == NudgeState.PENDING.value)
        .values(platform=platform)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def detach(session: Session, identity: PlatformIdentity, now: datetime) -> User:
    """Give the identity a new, empty person of its own; the old person keeps everything.
    Pending nudges that were going to the identity's platform move to a platform the old
    person still has."""
    old_id = identity.user_id
    fresh = User(quiet_off=False, created_at=now)
    session.add(fresh)
    session.flush()
    identity.user_id = fresh.id
    session.execute(delete(LinkAttempt).where(LinkAttempt.identity_id == identity.id))
    session.flush()
    left = {i.platform for i in identities_of(session, old_id)}
    old = session.get(User, old_id)
    if old is not None and old.nudges_to is not None and old.nudges_to not in left:
        old.nudges_to = None
    if left and identity.platform not in left:
        home = identities_of(session, old_id)[0].platform
        session.execute(
            update(Nudge)
            .where(
                Nudge.user_id == old_id,
                Nudge.platform == identity.platform,
                Nudge.state == NudgeState.PENDING.value,
            )
            .values(platform=home)
            .execution_options(synchronize_session=False)
        )
    return fresh


def take_notice(session: Session, user_id: int) -> str | None:
    user = session.get(User, user_id)
    if user is None or user.notice is None:
        return None
    notice, user.notice = user.notice, None
    return notice
