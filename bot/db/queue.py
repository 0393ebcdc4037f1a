"""The nudges table as a work queue: claim due nudges exactly once, record what happened.

A claim is one conditional ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING id``. On
PostgreSQL the inner select takes ``FOR UPDATE SKIP LOCKED``, so concurrent dispatchers split
the due rows between them; on SQLite every transaction begins IMMEDIATE (see `engine`), so a
claim holds the write lock from its first read. Claimed rows move to ``sending`` with a lease;
a row whose lease ran out (its process died mid-send) is due again.

Every result is recorded with ``WHERE state = 'sending' AND lease_until = <our lease>``: a
dispatcher whose lease was taken over records nothing. The lease time doubles as the claim's
fencing token: right before a send, `fence` extends it and so proves the claim is still ours.

Every "now" here is the database's clock (`database_now`), never the process's: replicas whose
clocks disagree still agree on what is due and when a lease ends. Tests pass `now` to move time
by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Identity
from bot.db.models import Interview, Nudge, NudgeState, PlatformIdentity, Unreachable, User
from bot.db.users import StoredPreferences


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed nudge with what is needed to render and deliver it."""

    nudge_id: int
    interview_id: int
    user_id: int
    step_id: str
    due_at: datetime
    planned_at: datetime
    attempts: int
    delivery_key: str
    lease_until: datetime
    """The claim's fencing token: every later write names it."""
    claimed_at: datetime
    """The database's time when it was claimed: what the dispatcher calls "now" for it."""
    recipient: Identity
    company: str
    interviewers: tuple[str, ...]
    role: str | None
    interview_at: datetime
    interview_timezone: str
    preferences: StoredPreferences
    """The person's, read with the claim: quiet hours are checked at send time."""
    fallbacks: tuple[Identity, ...] = ()
    """The person's other identities on platforms this dispatcher serves, to try in turn
    when `recipient` cannot be reached."""


def database_now(session: Session) -> datetime:
    """The database's clock (aware UTC), the one time every replica shares."""
    if session.get_bind().dialect.name == "postgresql":
        value: datetime = session.scalar(text("SELECT statement_timestamp()"))
        return value.astimezone(UTC)
    raw: str = session.scalar(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


def database_time(sessions: sessionmaker[Session]) -> datetime:
    with sessions() as session:
        return database_now(session)


def _now(session: Session, now: datetime | None) -> datetime:
    return database_now(session) if now is None else now


def _claimable(state: NudgeState, column: Any, now: datetime | None, platforms: list[str]) -> Any:
    """Rows of one state due by `now` (any time when None) for `platforms`, minus users marked
    unreachable. The filter needs no join with users (the platform is on the row), so the
    planner walks the ``(state, due_at)`` index even before it has table statistics."""
    query = select(Nudge.id).where(
        Nudge.state == state.value,
        Nudge.platform.in_(platforms),
        ~exists().where(Unreachable.user_id == Nudge.user_id),
    )
    return query if now is None else query.where(column <= now)


def claim_due(
    sessions: sessionmaker[Session],
    *,
    now: datetime | None = None,
    platforms: Iterable[str],
    lease: timedelta,
    limit: int,
) -> list[Claimed]:
    """Claim up to `limit` due nudges for users of `platforms`, earliest first, by the
    database's clock unless `now` is given."""
    platform_list = sorted(set(platforms))
    if not platform_list:
        return []
    with sessions.begin() as session:
        now = _now(session, now)
        lease_until = now + lease
        postgres = session.get_bind().dialect.name == "postgresql"
        claimed_ids: list[int] = []
        # Expired leases first (a crashed sender's nudges are the most overdue), then due rows.
        for state, column in (
            (NudgeState.SENDING, Nudge.lease_until),
            (NudgeState.PENDING, Nudge.due_at),
        ):
            wanted = limit - len(claimed_ids)
            if wanted <= 0:
                break
            inner = _claimable(state, column, now, platform_list).order_by(column).limit(wanted)
            if postgres:
                inner = inner.with_for_update(skip_locked=True, of=Nudge)
            claimed_ids += session.scalars(
                update(Nudge)
                .where(Nudge.id.in_(inner.scalar_subquery()))
                .values(
                    state=NudgeState.SENDING.value,
                    lease_until=lease_until,
                    attempts=Nudge.attempts + 1,
                )
                .returning(Nudge.id)
                .execution_options(synchronize_session=False)
            ).all()
        if not claimed_ids:
            return []
        rows = session.execute(
            select(Nudge, Interview, User)
            .join(Interview, Interview.id == Nudge.interview_id)
            .join(User, User.id == Nudge.user_id)
            .where(Nudge.id.in_(claimed_ids))
            .order_by(Nudge.due_at, Nudge.id)
        ).all()
        reach = _recipients(session, {user.id for _, _, user in rows}, platform_list)
        return [
            Claimed(
                nudge_id=nudge.id,
                interview_id=interview.id,
                user_id=user.id,
                step_id=nudge.step_id,
                due_at=nudge.due_at,
                planned_at=nudge.planned_at,
                attempts=nudge.attempts,
                delivery_key=nudge.delivery_key,
                lease_until=lease_until,
                claimed_at=now,
                recipient=reach[user.id][nudge.platform][0],
                company=interview.company,
                interviewers=tuple(interview.interviewers or ()),
                role=interview.role,
                interview_at=interview.at,
                interview_timezone=interview.timezone,
                preferences=StoredPreferences.of_user(user),
                fallbacks=reach[user.id][nudge.platform][1:],
            )
            for nudge, interview, user in rows
        ]


def _recipients(
    session: Session, user_ids: set[int], platforms: list[str]
) -> dict[int, dict[str, tuple[Identity, ...]]]:
    """Per person and target platform: the identities to try, in order. First the person's
    identities on that platform, then those on the other served platforms, then the rest
    (oldest first within each), so a nudge can fall back when its platform cannot reach them."""
    found: dict[int, list[Identity]] = {}
    for row in session.scalars(
        select(PlatformIdentity)
        .where(PlatformIdentity.user_id.in_(user_ids))
        .order_by(PlatformIdentity.id)
    ):
        found.setdefault(row.user_id, []).append(
            Identity(row.platform, row.workspace, row.user_key)
        )
    served = set(platforms)

    def order(target: str, identities: list[Identity]) -> tuple[Identity, ...]:
        return tuple(
            sorted(identities, key=lambda who: (who.platform != target, who.platform not in served))
        )

    return {
        user_id: {platform: order(platform, identities) for platform in platforms}
        for user_id, identities in found.items()
    }


def next_due(sessions: sessionmaker[Session], *, platforms: Iterable[str]) -> datetime | None:
    """When the dispatcher next has work: the earliest pending due time or lease expiry."""
    platform_list = sorted(set(platforms))
    if not platform_list:
        return None
    with sessions() as session:
        pending = session.scalar(
            _claimable(NudgeState.PENDING, Nudge.due_at, None, platform_list)
            .with_only_columns(Nudge.due_at)
            .order_by(Nudge.due_at)
            .limit(1)
        )
        leased = session.scalar(
            _claimable(NudgeState.SENDING, Nudge.lease_until, None, platform_list)
            .with_only_columns(Nudge.lease_until)
            .order_by(Nudge.lease_until)
            .limit(1)
        )
    times = [t for t in (pending, leased) if t is not None]
    return min(times) if times else None


def _finish(session: Session, claimed: Claimed, **values: object) -> bool:
    result = session.execute(
        update(Nudge)
        .where(
            Nudge.id == claimed.nudge_id,
            Nudge.state == NudgeState.SENDING.value,
            Nudge.lease_until == claimed.lease_until,
        )
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def fence(
    sessions: sessionmaker[Session],
    claimed: Claimed,
    *,
    lease: timedelta,
    now: datetime | None = None,
) -> Claimed | None:
    """Right before a send: prove the claim is still ours and unexpired, and extend its lease.

    Returns the claim with its new token, or None when the lease ran out or another
    dispatcher took the nudge over (a process that was frozen past its lease then sends
    nothing).
    """
    with sessions.begin() as session:
        now = _now(session, now)
        lease_until = now + lease
        result = session.execute(
            update(Nudge)
            .where(
                Nudge.id == claimed.nudge_id,
                Nudge.state == NudgeState.SENDING.value,
                Nudge.lease_until == claimed.lease_until,
                Nudge.lease_until > now,
            )
            .values(lease_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return None
    return replace(claimed, lease_until=lease_until)


def release(sessions: sessionmaker[Session], claims: Iterable[Claimed]) -> int:
    """Unsent claims back to pending at once (their attempt not counted), so a stopping or
    failing dispatcher leaves nothing locked until its leases run out."""
    released = 0
    with sessions.begin() as session:
        for claimed in claims:
            released += _finish(
                session,
                claimed,
                state=NudgeState.PENDING.value,
                attempts=Nudge.attempts - 1,
            )
    return released


def mark_sent(
    sessions: sessionmaker[Session],
    claimed: Claimed,
    *,
    now: datetime | None = None,
    note: str | None,
) -> bool:
    with sessions.begin() as session:
        return _finish(
            session,
            claimed,
            state=NudgeState.SENT.value,
            sent_at=_now(session, now),
            note=note,
            last_error=None,
        )


def mark_skipped(sessions: sessionmaker[Session], claimed: Claimed, *, note: str) -> bool:
    with sessions.begin() as session:
        return _finish(session, claimed, state=NudgeState.SKIPPED.value, note=note)


def reschedule(
    sessions: sessionmaker[Session],
    claimed: Claimed,
    *,
    due: datetime | None = None,
    delay: timedelta = timedelta(0),
    now: datetime | None = None,
    error: str | None = None,
    note: str | None = None,
    count_attempt: bool = True,
) -> bool:
    """Back to pending at `due`, or `delay` from now (retry after a transient failure, or out
    of quiet hours)."""
    values: dict[str, object] = {"state": NudgeState.PENDING.value}
    if error is not None:
        values["last_error"] = error[:500]
    if note is not None:
        values["note"] = note
    if not count_attempt:
        values["attempts"] = Nudge.attempts - 1
    with sessions.begin() as session:
        values["due_at"] = due if due is not None else _now(session, now) + delay
        return _finish(session, claimed, **values)


def mark_failed(sessions: sessionmaker[Session], claimed: Claimed, *, error: str) -> bool:
    with sessions.begin() as session:
        return _finish(session, claimed, state=NudgeState.FAILED.value, last_error=error[:500])


def mark_unreachable(
    sessions: sessionmaker[Session],
    claimed: Claimed,
    *,
    now: datetime | None = None,
    reason: str,
) -> bool:
    """Hold the user's nudges: this one goes back to pending and the user gets a mark."""
    with sessions.begin() as session:
        now = _now(session, now)
        done = _finish(
            session,
            claimed,
            state=NudgeState.PENDING.value,
            last_error=f"unreachable: {reason}"[:500],
            attempts=Nudge.attempts - 1,
        )
        if session.get(Unreachable, claimed.user_id) is None:
            try:
                with session.begin_nested():  # another dispatcher may mark them at once
                    session.add(
                        Unreachable(user_id=claimed.user_id, since=now, reason=reason[:500])
                    )
            except IntegrityError:
                pass
        return done


def leave_notice(sessions: sessionmaker[Session], user_id: int, notice: str) -> None:
    """Something to tell the person at their next interaction (replaces an older notice)."""
    with sessions.begin() as session:
        session.execute(
            update(User)
            .where(User.id == user_id)
            .values(notice=notice[:1000])
            .execution_options(synchronize_session=False)
        )
