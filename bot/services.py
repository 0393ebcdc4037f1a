"""Composition: the database, rulebook, plan, tracker, coach, dispatcher and timers, wired.

The runner (`afterview run` / `serve`) builds `Services` from `Settings`, adds one notifier per
platform, and starts; adapters get only `coach` and `state`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.accounts.commands import AccountCommands
from bot.accounts.service import Accounts
from bot.config import Settings
from bot.core.coach import AdviceSource, Coach, WarmAdvice
from bot.core.ports import Notifier, PlatformState
from bot.db.engine import make_sessions
from bot.db.platform_state import SqlPlatformState
from bot.db.startup import open_database
from bot.health import Health
from bot.interviews.commands import InterviewCommands
from bot.interviews.edit_commands import EditCommands
from bot.interviews.service import Tracker
from bot.interviews.settings_commands import SettingsCommands
from bot.nudges.dispatcher import Dispatcher
from bot.nudges.plan import Plan
from bot.nudges.plan_file import load_plan
from bot.nudges.scheduler import WakeScheduler
from bot.nudges.stats import DispatchStats
from bot.nudges.unreachable import UnreachableIndex
from bot.privacy.commands import PrivacyCommands
from bot.privacy.retention import Retention
from bot.privacy.service import Privacy
from bot.review.checkfile import review_dir
from bot.review.commands import ReviewCommands
from bot.review.reviewer import Reviewer

log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(hours=1)


class Services:
    """Everything the bot runs on, built once per process."""

    coach: Coach
    state: PlatformState

    def __init__(
        self,
        *,
        settings: Settings,
        engine: Engine,
        sessions: sessionmaker[Session],
        plan: Plan,
        coach: Coach,
        tracker: Tracker,
        dispatcher: Dispatcher,
        state: SqlPlatformState,
        clock: Callable[[], datetime],
        unreachable: UnreachableIndex | None = None,
        accounts: Accounts | None = None,
        privacy: Privacy | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.sessions = sessions
        self.plan = plan
        self.coach = coach
        self.tracker = tracker
        self.dispatcher = dispatcher
        self.state = state
        self.unreachable = unreachable
        self.accounts = accounts or Accounts(sessions, clock=clock)
        self.privacy = privacy or Privacy(sessions, engine, clock=clock)
        self._swept_at: datetime | None = None
        self._clock = clock
        self.scheduler: WakeScheduler | None = None
        self.last_pass = DispatchStats()
        self.totals = DispatchStats()
        """Every pass of this process added up (for `/metrics`)."""
        self.health = Health(sessions, self.totals, clock)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        advisor: AdviceSource | None = None,
    ) -> Services:
        """Open and migrate the database, load the rulebook and plan, and wire the core
        (blocking). A store that cannot start raises `StartupError`.

        A `clock` (tests) also stands in for the database's clock in the dispatcher, which
        otherwise reads the time from the database so that replicas agree on it.
        """
        test_clock = clock
        clock = clock or (lambda: datetime.now(UTC))
        plan = load_plan(settings.plan_path)
        known_rules: Iterable[str] | None = None
        if advisor is None:
            from bot.advice.advisor import Advisor

            advisor = Advisor.from_dir(settings.rules_dir)
            known_rules = advisor.rulebook.by_id
            if settings.llm is not None:
                from bot.advice.llm import LlmAdvisor

                advisor = LlmAdvisor(advisor, settings.llm)
        engine = open_database(settings.database_url)
        sessions = make_sessions(engine)
        unreachable = UnreachableIndex(sessions)
        tracker = Tracker(
            sessions, plan, default_zone=settings.timezone, clock=clock, unreachable=unreachable
        )
        coach = Coach(advisor)
        interview_commands = InterviewCommands(tracker)
        interview_commands.install(coach)
        settings_commands = SettingsCommands(tracker)
        settings_commands.install(coach)
        ReviewCommands(_reviewer(settings.rules_dir, known_rules), tracker).install(coach)
        EditCommands(tracker).install(coach)
        accounts = Accounts(sessions, clock=clock, marks=unreachable)
        accounts.on_change(lambda _when: unreachable.invalidate())
        AccountCommands(accounts).install(coach, settings_commands)
        privacy = Privacy(
            sessions, engine, retention=Retention(settings.retention_days), clock=clock
        )
        PrivacyCommands(privacy).install(coach, interview_commands)
        dispatcher = Dispatcher(
            sessions,
            plan,
            settings=settings.delivery,
            default_zone=settings.timezone,
            clock=test_clock,
            unreachable=unreachable,
        )
        return cls(
            settings=settings,
            engine=engine,
            sessions=sessions,
            plan=plan,
            coach=coach,
            tracker=tracker,
            dispatcher=dispatcher,
            state=SqlPlatformState(sessions, clock=clock),
            clock=clock,
            unreachable=unreachable,
            accounts=accounts,
            privacy=privacy,
        )

    def add_notifier(self, notifier: Notifier) -> None:
        """One per platform; nudges for users of other platforms stay in the table."""
        self.dispatcher.add_notifier(notifier)
        if self.scheduler is not None:
            self.scheduler.wake_now()

    async def start(self) -> None:
        """Start timers and the dispatcher in the running loop; the first pass rebuilds the
        timer from the table and sends whatever came due while the bot was down."""
        if self.scheduler is not None:
            return
        from bot.interviews.when import warm_up

        await asyncio.to_thread(warm_up)
        if isinstance(self.coach.advisor, WarmAdvice):
            await asyncio.to_thread(self.coach.advisor.warm_up)
        scheduler = WakeScheduler(
            self.dispatch_pass,
            poll_seconds=self.settings.delivery.poll_seconds,
            clock=self._clock,
        )
        self.tracker.on_change(scheduler.wake_at)
        self.accounts.on_change(scheduler.wake_at)
        await scheduler.start()
        self.scheduler = scheduler

    async def dispatch_pass(self) -> datetime | None:
        """One delivery pass, added to `totals`; returns when there is work next."""
        await self._sweep_if_due()
        self.last_pass = await self.dispatcher.run_due()
        self.totals.add(self.last_pass)
        if self.last_pass.claimed:
            log.info("dispatch pass: %s", self.last_pass)
        return await asyncio.to_thread(self.dispatcher.next_due)

    async def _sweep_if_due(self) -> None:
        """Retention runs at start and then at most hourly, on the dispatcher's wake-ups."""
        now = self._clock()
        if self._swept_at is not None and now - self._swept_at < SWEEP_EVERY:
            return
        self._swept_at = now
        try:
            await asyncio.to_thread(self.privacy.sweep)
        except Exception:  # retention must never stop delivery
            log.exception("retention sweep failed")

    async def stop(self) -> None:
        """Stop delivering: the pass under way finishes its sends in flight, records them and
        releases the claims it had not started, so nothing stays locked until a lease ends."""
        self.dispatcher.stop()
        if self.scheduler is not None:
            await self.scheduler.stop(grace=self.dispatcher.stop_grace)
            self.scheduler = None

    def close(self) -> None:
        """Release database connections (call after `stop`)."""
        self.tracker.close()
        self.engine.dispose()


def _reviewer(rules_dir: Path | None, known_rules: Iterable[str] | None) -> Reviewer:
    """The note checks of a custom rulebook when it has them (`review/`), else the shipped ones.

    Checked against the rulebook's rule ids when it was loaded here, as the advisor checks the
    same files for quoted messages: the two then share one load."""
    folder = review_dir(rules_dir)
    if folder.is_dir():
        return Reviewer.from_dir(folder, known_rules=known_rules)
    return Reviewer.from_dir(None)
