"""What becomes of one claimed nudge, decided without I/O.

Before a send: skipped (its step left the plan, or it is past its grace), held (quiet hours
began while it was owed), or sent (late or not, with the reply to send). After a failed send:
retried after a capped exponential backoff, or given up. The dispatcher claims, fences, sends
and records; keeping the decisions here means each one can be read in one place and tested
without a database, a clock or a platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import DeliverySettings
from bot.core.messages import Reply
from bot.db.queue import Claimed
from bot.interviews.preferences import preferences_of_stored, safe_zone
from bot.nudges.calendar import next_allowed
from bot.nudges.plan import Step
from bot.nudges.reply import NudgeContext, nudge_reply

__all__ = ["Hold", "NudgePolicy", "Send", "Skip", "gave_up", "hours"]

_QUIET_SLACK = timedelta(seconds=1)
"""A nudge whose quiet hours end within this is sent now rather than held for a moment."""


@dataclass(frozen=True, slots=True)
class Skip:
    """Record the nudge as skipped, with why; nothing is sent."""

    note: str


@dataclass(frozen=True, slots=True)
class Hold:
    """Quiet hours: move the nudge to when they end, without counting an attempt."""

    until: datetime
    note: str = "held until quiet hours ended"


@dataclass(frozen=True, slots=True)
class Send:
    """Send `reply`; `late` when it is owed long enough ago to say sorry."""

    reply: Reply
    late_by: timedelta
    late: bool

    @property
    def note(self) -> str | None:
        """What "sent" records: only a late send needs a note."""
        return f"sent {hours(self.late_by)} late, with an apology" if self.late else None


class NudgePolicy:
    """The decisions under one set of delivery settings; the dispatcher keeps one."""

    def __init__(self, settings: DeliverySettings, default_zone: ZoneInfo) -> None:
        """`default_zone` is for a person who never set one (the configured timezone)."""
        self._settings = settings
        self._default_zone = default_zone

    def before_send(self, item: Claimed, step: Step | None) -> Skip | Hold | Send:
        """Decide by the claim's own time (the database's), in this order: step, grace, quiet."""
        now = item.claimed_at
        if step is None:
            return Skip(f"skipped: the plan no longer has a step {item.step_id!r}")
        late_by = now - item.planned_at
        if late_by > step.grace:
            return Skip(
                f"skipped: came due {item.planned_at:%Y-%m-%d %H:%M} UTC and was "
                f"{hours(late_by)} late, past its grace of {hours(step.grace)}"
            )
        prefs = preferences_of_stored(item.preferences, self._default_zone)
        allowed = next_allowed(now, prefs)
        if allowed > now + _QUIET_SLACK:
            return Hold(allowed)
        late = late_by > timedelta(seconds=self._settings.late_after_seconds)
        context = NudgeContext(
            nudge_id=item.nudge_id,
            interview_id=item.interview_id,
            company=item.company,
            interview_at=item.interview_at,
            zone=safe_zone(item.interview_timezone) or prefs.timezone,
            interviewers=item.interviewers,
            role=item.role,
        )
        return Send(nudge_reply(step, context, late_by=late_by if late else None), late_by, late)

    def backoff(self, attempts: int, retry_after: float | None) -> timedelta | None:
        """How long to wait after a failed send (`attempts` counts it); None: give up.

        The wait doubles from `backoff_seconds` up to `backoff_max_seconds`; a platform's own
        retry-after is honoured when it asks for longer."""
        settings = self._settings
        if attempts >= settings.max_attempts:
            return None
        backoff = min(
            settings.backoff_max_seconds,
            settings.backoff_seconds * 2 ** max(attempts - 1, 0),
        )
        if retry_after is not None:
            backoff = max(backoff, retry_after)
        return timedelta(seconds=backoff)


def gave_up(attempts: int, error: str) -> str:
    """The failed nudge's last error: how many tries it had, and why the last one failed."""
    return f"gave up after {attempts} attempts: {error}"


def hours(delta: timedelta) -> str:
    """A lateness as people say it: seconds under two minutes, minutes under two hours."""
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
