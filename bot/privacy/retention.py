"""Retention: closed interviews and their interviewer names are deleted after a while.

An interview is closed when nothing is owed for it any more (an outcome was recorded, it was
stopped or cancelled, or its nudges have all been sent). It is deleted `days` after its last
date: the interview itself, its decision date, or its last nudge. ``0`` keeps everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.db import privacy as rows

DEFAULT_DAYS = 180


@dataclass(frozen=True, slots=True)
class Retention:
    days: int = DEFAULT_DAYS

    @property
    def forever(self) -> bool:
        return self.days <= 0

    def deleted_after(self, last_activity: datetime) -> datetime | None:
        """When an interview closed at `last_activity` goes; None when kept forever."""
        return None if self.forever else last_activity + timedelta(days=self.days)

    def describe(self) -> str:
        if self.forever:
            return "Closed interviews are kept until you delete them (forget-me)."
        return (
            f"An interview with nothing more owed (outcome recorded, stopped, or every nudge "
            f"sent) is deleted, with its interviewer names, {self.days} days after its last "
            "date (the interview, a decision date, or its last nudge)."
        )

    def sweep(self, sessions: sessionmaker[Session], now: datetime) -> int:
        """Delete what has passed its time; how many interviews."""
        if self.forever:
            return 0
        with sessions.begin() as session:
            expired = rows.closed_interviews_before(session, now - timedelta(days=self.days))
            return rows.delete_interviews(session, expired)
