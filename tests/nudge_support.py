"""Shared helpers for the interview and nudge tests: a notifier that records, a settable clock,
and Services wired to a test database with the seconds-scale plan."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import DeliverySettings, Settings
from bot.core.messages import Advice, Identity, Verdict
from bot.core.ports import Delivery, DeliveryError
from bot.db.models import Nudge
from bot.services import Services

SECONDS_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "seconds.yaml"
SHIPPED_PLAN = Path(__file__).resolve().parent.parent / "rules" / "plan.yaml"


class Abstain:
    """An advisor that always says "not my area": these tests never ask questions."""

    def advise(self, question: str) -> Advice:
        return Advice(question, Verdict.OUT_OF_SCOPE, None, "", "", 0.0)


@dataclass
class Clock:
    """A clock the test moves by hand, for policies measured in hours or days."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 18, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class RecordingNotifier:
    """Records every delivery; `failures` maps a nudge id to errors raised on its next sends."""

    def __init__(self, platform: str = "console") -> None:
        self._platform = platform
        self.deliveries: list[Delivery] = []
        self.failures: dict[int, list[DeliveryError]] = {}
        self.delay = 0.0

    @property
    def platform(self) -> str:
        return self._platform

    async def send(self, delivery: Delivery) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        queued = self.failures.get(delivery.nudge_id)
        if queued:
            raise queued.pop(0)
        self.deliveries.append(delivery)

    def counts(self) -> Counter[int]:
        return Counter(d.nudge_id for d in self.deliveries)


FAST = DeliverySettings(
    send_rate=1000.0,
    send_burst=1000,
    lease_seconds=30.0,
    poll_seconds=0.5,
    max_attempts=3,
    backoff_seconds=1.0,
    backoff_max_seconds=10.0,
    late_after_seconds=60.0,
    batch_size=50,
    concurrency=4,
)


def settings_for(
    url: str,
    *,
    plan: Path = SECONDS_PLAN,
    timezone: str = "UTC",
    delivery: DeliverySettings = FAST,
) -> Settings:
    base = Settings.from_env(
        {"AFTERVIEW_DATABASE_URL": url, "AFTERVIEW_PLAN": str(plan), "AFTERVIEW_TIMEZONE": timezone}
    )
    return Settings(
        database_url=base.database_url,
        rules_dir=base.rules_dir,
        plan_path=base.plan_path,
        timezone=base.timezone,
        delivery=delivery,
    )


def build_services(
    url: str,
    *,
    plan: Path = SECONDS_PLAN,
    clock: Clock | None = None,
    timezone: str = "UTC",
    delivery: DeliverySettings = FAST,
) -> Services:
    return Services.build(
        settings_for(url, plan=plan, timezone=timezone, delivery=delivery),
        clock=clock,
        advisor=Abstain(),
    )


def always_on(services: Services, who: Identity) -> None:
    """No quiet hours and weekends allowed, so a seconds-scale plan runs at any time of day."""
    services.tracker.set_quiet(who, None, None)
    services.tracker.set_weekends(who, True)


def user(name: str = "ada", platform: str = "console", workspace: str = "local") -> Identity:
    return Identity(platform, workspace, name)


def nudge_row(services: Services, nudge_id: int) -> Nudge:
    """The nudge's row as stored now, read in a session of its own."""
    with services.sessions() as session:
        row = session.get(Nudge, nudge_id)
        assert row is not None, f"nudge {nudge_id} is not stored"
        return row
