"""The accounts service: link two identities into one person, unlink, choose where nudges go.

Every method takes the acting `Identity` and works on that identity's person alone. A code is
the only way to reach another person, and it joins the two only when typed by someone else
within its lifetime, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from bot.accounts import codes
from bot.core.messages import Identity
from bot.db import accounts as rows
from bot.db import users
from bot.db.models import PlatformIdentity, User
from bot.nudges.unreachable import UnreachableIndex


class LinkStatus(StrEnum):
    LINKED = "linked"
    WRONG = "wrong"
    EXPIRED = "expired"
    OWN = "own"
    ALREADY = "already"
    LIMITED = "limited"


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LinkResult:
    status: LinkStatus
    identities: tuple[Identity, ...] = ()
    retry_after: timedelta | None = None
    tries_left: int | None = None


@dataclass(frozen=True, slots=True)
class UnlinkResult:
    unlinked: bool
    remaining: tuple[Identity, ...] = ()


def _identity(row: PlatformIdentity) -> Identity:
    return Identity(row.platform, row.workspace, row.user_key)


class Accounts:
    """Linking, unlinking and the "nudges go to" choice."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] | None = None,
        code_ttl: timedelta = codes.TTL,
        max_failures: int = codes.MAX_FAILURES,
        failure_window: timedelta = codes.FAILURE_WINDOW,
        new_code: Callable[[], str] = codes.new_code,
        marks: UnreachableIndex | None = None,
    ) -> None:
        """`marks` (the in-memory index of marks and notices) spares the notice query."""
        self._sessions = sessions
        self._marks = marks
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ttl = code_ttl
        self._max_failures = max_failures
        self._window = failure_window
        self._new_code = new_code
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        return self._clock()

    def on_change(self, listener: Callable[[datetime], None]) -> None:
        """Called when nudges may have moved to another platform (wake the dispatcher)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener(self._clock())

    def _person(self, session: Session, who: Identity) -> User:
        return users.find_or_create(session, who, timezone=None, now=self._clock())

    def linked(self, who: Identity) -> tuple[Identity, ...]:
        """Every identity of `who`'s person, `who` included, oldest first."""
        with self._sessions() as session:
            person = users.find(session, who)
            if person is None:
                return (who,)
            return tuple(_identity(i) for i in rows.identities_of(session, person.id))

    def nudges_to(self, who: Identity) -> str | None:
        with self._sessions() as session:
            person = users.find(session, who)
            return None if person is None else person.nudges_to

    # -- codes ------------------------------------------------------------------------------

    def issue_code(self, who: Identity) -> IssuedCode:
        now = self._clock()
        expires = now + self._ttl
        with self._sessions.begin() as session:
            person = self._person(session, who)
            identity = users.identity_row(session, who)
            assert identity is not None
            rows.drop_expired_codes(session, now)
            code = self._new_code()
            rows.replace_code(session, person.id, identity.id, code, expires)
        return IssuedCode(code, expires)

    def redeem(self, who: Identity, typed: str) -> LinkResult:
        """Join `who`'s person into the person who asked for the code."""
        now = self._clock()
        code = codes.read_code(typed)
        with self._sessions.begin() as session:
            person = self._person(session, who)
            identity = users.identity_row(session, who)
            assert identity is not None
            tried = rows.attempts(session, identity.id)
            fresh_window = tried is None or now - tried.window_start >= self._window
            if tried is not None and not fresh_window and tried.failures >= self._max_failures:
                return LinkResult(
                    LinkStatus.LIMITED, retry_after=tried.window_start + self._window - now
                )
            row = rows.take_code(session, code) if code is not None else None
            if row is None:
                failures = rows.count_failure(session, identity.id, now, fresh_window)
                left = max(0, self._max_failures - failures)
                return LinkResult(LinkStatus.WRONG, tries_left=left)
            if row.expires_at <= now:
                return LinkResult(LinkStatus.EXPIRED)
            if row.identity_id == identity.id:
                return LinkResult(LinkStatus.OWN)
            rows.clear_failures(session, identity.id)
            if row.user_id == person.id:
                linked = rows.identities_of(session, person.id)
                return LinkResult(LinkStatus.ALREADY, tuple(_identity(i) for i in linked))
            keep = session.get(User, row.user_id)
            assert keep is not None
            rows.merge_people(session, keep, person)
            linked = rows.identities_of(session, row.user_id)
            result = LinkResult(LinkStatus.LINKED, tuple(_identity(i) for i in linked))
        self._changed()
        return result

    def unlink(self, who: Identity) -> UnlinkResult:
        """Take `who` out of its person: the other identities keep the interviews and
        preferences; `who` starts empty."""
        with self._sessions.begin() as session:
            person = users.find(session, who)
            identity = users.identity_row(session, who)
            if person is None or identity is None:
                return UnlinkResult(False)
            others = [i for i in rows.identities_of(session, person.id) if i.id != identity.id]
            if not others:
                return UnlinkResult(False)
            rows.detach(session, identity, self._clock())
            result = UnlinkResult(True, tuple(_identity(i) for i in others))
        self._changed()
        return result

    # -- where nudges go --------------------------------------------------------------------

    def set_nudges_to(self, who: Identity, platform: str | None) -> bool:
        """Send every nudge to `platform` (None: where each interview came from). False when
        the person has no identity there (link one first)."""
        with self._sessions.begin() as session:
            person = self._person(session, who)
            mine = rows.identities_of(session, person.id)
            if platform is not None and platform not in {i.platform for i in mine}:
                return False
            person.nudges_to = platform
            if platform is not None:
                rows.retarget_pending(session, person.id, platform)
        self._changed()
        return True

    def no_notice(self, who: Identity) -> bool:
        """True when `take_notice` would surely answer None without a query."""
        return self._marks is not None and self._marks.known_without_notice(who)

    def take_notice(self, who: Identity) -> str | None:
        """A notice left for the person (a nudge that came another way), cleared once read."""
        if self._marks is not None and not self._marks.might_have_notice(who):
            return None
        with self._sessions() as session:
            person = users.find(session, who)
            if person is None or person.notice is None:
                return None
        with self._sessions.begin() as session:
            notice = rows.take_notice(session, person.id)
        if self._marks is not None:
            self._marks.invalidate()
        return notice
