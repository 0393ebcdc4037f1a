"""Statements behind export, forget-everywhere, uninstall clean-up and retention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, case, delete, func, select
from sqlalchemy.orm import Session, selectinload

from bot.db.interviews import OPEN_STATES, delete_user
from bot.db.models import Installation, Interview, Nudge, NudgeState, PlatformIdentity, User


def interviews_for_export(session: Session, user_id: int) -> list[Interview]:
    """Every interview of the person, closed ones included, with their nudges."""
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.user_id == user_id)
            .options(selectinload(Interview.nudges))
            .order_by(Interview.at, Interview.id)
        )
    )


def workspace_identities(session: Session, platform: str, workspace: str) -> list[PlatformIdentity]:
    return list(
        session.scalars(
            select(PlatformIdentity).where(
                PlatformIdentity.platform == platform, PlatformIdentity.workspace == workspace
            )
        )
    )


def remove_identity(session: Session, identity: PlatformIdentity) -> bool:
    """Delete one identity; its person too (everything) when it was their last. True when the
    person went with it."""
    person = session.get(User, identity.user_id)
    others = session.scalar(
        select(func.count())
        .select_from(PlatformIdentity)
        .where(PlatformIdentity.user_id == identity.user_id, PlatformIdentity.id != identity.id)
    )
    if person is not None and not others:
        delete_user(session, person)
        return True
    session.execute(delete(PlatformIdentity).where(PlatformIdentity.id == identity.id))
    return False


def like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def delete_user_installations(session: Session, platform: str, workspace: str, user: str) -> int:
    """Per-user OAuth installation records (key ``installation:<org>:<team>:user:<user>``)."""
    pattern = f"installation:%:{like_escaped(workspace)}:user:{like_escaped(user)}"
    result = session.execute(
        delete(Installation).where(
            Installation.platform == platform, Installation.key.like(pattern, escape="\\")
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def delete_workspace_installations(session: Session, platform: str, workspace: str) -> int:
    """Every installation and bot record of one workspace: ``installation:<org>:<team>:...``
    and ``bot:<org>:<team>``."""
    team = like_escaped(workspace)
    result = session.execute(
        delete(Installation).where(
            Installation.platform == platform,
            Installation.key.like(f"installation:%:{team}:%", escape="\\")
            | Installation.key.like(f"bot:%:{team}", escape="\\"),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def closed_interviews_before(session: Session, cutoff: datetime) -> Sequence[int]:
    """Interviews with nothing still owed whose last date (the interview, the decision date,
    the last nudge due or sent, cancelled ones aside) is before `cutoff`."""
    owed = select(Nudge.interview_id).where(Nudge.state.in_(OPEN_STATES))
    counted = case((Nudge.state != NudgeState.CANCELLED.value, Nudge.due_at))
    last_nudge = (
        select(
            Nudge.interview_id,
            func.max(counted).label("due"),
            func.max(Nudge.sent_at).label("sent"),
        )
        .group_by(Nudge.interview_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Interview.id,
            Interview.at,
            Interview.created_at,
            Interview.decide_by,
            last_nudge.c.due,
            last_nudge.c.sent,
        )
        .outerjoin(last_nudge, last_nudge.c.interview_id == Interview.id)
        .where(Interview.id.not_in(owed))
    ).all()
    return [row[0] for row in rows if last_activity([_utc(t) for t in row[1:]]) < cutoff]


def _utc(value: object) -> datetime | None:
    """Aggregates come back without the column type: SQLite gives text, naive means UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def last_activity(times: Sequence[datetime | None]) -> datetime:
    return max(t for t in times if t is not None)


def interview_last_activity(interview: Interview) -> datetime:
    """The same date for one loaded interview (what the export shows)."""
    times: list[datetime | None] = [interview.at, interview.created_at, interview.decide_by]
    for nudge in interview.nudges:
        times.append(nudge.sent_at)
        if nudge.state != NudgeState.CANCELLED.value:
            times.append(nudge.due_at)
    return last_activity(times)


def delete_interviews(session: Session, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    session.execute(delete(Nudge).where(Nudge.interview_id.in_(ids)))
    result = session.execute(delete(Interview).where(Interview.id.in_(ids)))
    return int(getattr(result, "rowcount", 0) or 0)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the file and truncate it, so no deleted row
    lingers in the log. Other databases: nothing to do."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
