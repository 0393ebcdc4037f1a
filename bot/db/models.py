"""The tables: the people, their platform identities, interviews, and the nudges owed to them.

The nudges table is the record of what is owed to whom; timers only wake the dispatcher.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.types import UTCDateTime


class NudgeState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"
    DONE = "done"


class InterviewStatus(StrEnum):
    ACTIVE = "active"
    STOPPED = "stopped"
    CANCELLED = "cancelled"
    CLOSED = "closed"


class Base(DeclarativeBase):
    pass


class User(Base):
    """One person: their preferences, interviews and nudges, whatever platform they use.

    The platform accounts a person talks to us from are `PlatformIdentity` rows; linking two
    of them makes them one person (one list, one set of preferences).
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    quiet_start: Mapped[str | None] = mapped_column(String(5), default=None)
    quiet_end: Mapped[str | None] = mapped_column(String(5), default=None)
    quiet_off: Mapped[bool] = mapped_column(Boolean, default=False)
    weekends: Mapped[bool | None] = mapped_column(Boolean, default=None)
    nudges_to: Mapped[str | None] = mapped_column(String(32), default=None)
    """The platform every nudge goes to; None: the platform each interview came from."""
    notice: Mapped[str | None] = mapped_column(Text, default=None)
    """Something to tell the person at their next interaction (a nudge that fell back)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    interviews: Mapped[list[Interview]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class PlatformIdentity(Base):
    """One user of one workspace on one platform, belonging to one person."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "user_key", name="uq_identities_identity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    workspace: Mapped[str] = mapped_column(String(128))
    user_key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LinkCode(Base):
    """A one-time code that joins another identity to this person; deleted when used."""

    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LinkAttempt(Base):
    """Wrong codes typed by one identity in the current window, against guessing."""

    __tablename__ = "link_attempts"

    identity_id: Mapped[int] = mapped_column(
        ForeignKey("identities.id", ondelete="CASCADE"), primary_key=True
    )
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        # A user's interviews in `list` order: a page is a short index walk, not a sort of
        # the whole history; it also serves every lookup by user.
        Index("ix_interviews_user_at", "user_id", "at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    interviewers: Mapped[list[str]] = mapped_column(JSON, default=list)
    role: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[str] = mapped_column(String(16), default=InterviewStatus.ACTIVE.value)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    decide_by: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="interviews")
    nudges: Mapped[list[Nudge]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Nudge.due_at",
    )


class Nudge(Base):
    """One nudge owed to a user; `state` and `due_at` drive delivery.

    `lease_until` is set while a dispatcher holds the nudge (state ``sending``); when a process
    dies mid-send the lease runs out and another pass claims it again.
    """

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_state_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    """The platform the nudge goes to (the person's choice, else where it was registered), on
    the row so a claim needs no join; the recipient identity is resolved at claim time."""
    step_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=NudgeState.PENDING.value)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    delivery_key: Mapped[str] = mapped_column(String(25), unique=True)

    interview: Mapped[Interview] = relationship(back_populates="nudges")


class Unreachable(Base):
    """A person we could not DM on any linked platform; their nudges wait until they talk to
    us again."""

    __tablename__ = "unreachable"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)


class Installation(Base):
    __tablename__ = "installations"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SeenEvent(Base):
    __tablename__ = "seen_events"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
