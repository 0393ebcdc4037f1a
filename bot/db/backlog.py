"""What the queue looks like right now, for `/metrics` and `/healthz`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Nudge, NudgeState


@dataclass(frozen=True, slots=True)
class Backlog:
    due: int
    """Pending nudges whose due time has passed."""
    oldest_due: datetime | None
    """The earliest due time among them (None when nothing is due)."""

    def lag_seconds(self, now: datetime) -> float:
        """How long the oldest due nudge has waited; 0 when nothing is due."""
        if self.oldest_due is None:
            return 0.0
        return max(0.0, (now - self.oldest_due).total_seconds())


def backlog(sessions: sessionmaker[Session], now: datetime) -> Backlog:
    with sessions() as session:
        count, oldest = session.execute(
            select(func.count(Nudge.id), func.min(Nudge.due_at)).where(
                Nudge.state == NudgeState.PENDING.value, Nudge.due_at <= now
            )
        ).one()
    return Backlog(due=int(count), oldest_due=_aware(oldest))


def ping(sessions: sessionmaker[Session]) -> None:
    """Raise if the database does not answer a trivial query."""
    with sessions() as session:
        session.execute(text("SELECT 1"))


def _aware(value: datetime | str | None) -> datetime | None:
    """min() may come back as text or naive on SQLite; the column stores naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
