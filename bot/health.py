"""What a supervisor sees: is the process well (`/healthz`), and how is delivery going
(`/metrics`, Prometheus text). The HTTP side lives in `adapters.health_server`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.db.backlog import backlog, ping
from bot.nudges.stats import DispatchStats

if TYPE_CHECKING:
    from prometheus_client.core import Metric

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class HealthReport:
    ok: bool
    checks: dict[str, str] = field(default_factory=dict)
    """Each check's name and "ok" or what is wrong."""


class Health:
    """Reads the database and the delivery totals; platforms report their own failures."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        totals: DispatchStats,
        clock: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self._totals = totals
        self._clock = clock
        self.platforms: dict[str, str] = {}
        """Platform name -> "ok" or why it stopped; the runner keeps it up to date."""

    def report(self) -> HealthReport:
        """Blocking (one trivial query): call it in a thread."""
        checks = dict(self.platforms)
        try:
            ping(self._sessions)
            checks["database"] = "ok"
        except Exception as error:  # whatever the driver raises, the database is not well
            checks["database"] = f"not answering: {type(error).__name__}"
        return HealthReport(ok=all(v == "ok" for v in checks.values()), checks=checks)

    def metrics(self) -> bytes:
        """Blocking (one query): the Prometheus exposition text.

        prometheus_client is imported on the first scrape: a process nobody scrapes does not
        carry it (bench_nudges.py's memory figure)."""
        from prometheus_client import CollectorRegistry, generate_latest

        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Collector(self))
        return generate_latest(registry)

    def collect(self) -> list[Metric]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        now = self._clock()
        queue = backlog(self._sessions, now)
        totals = self._totals
        due = GaugeMetricFamily("afterview_nudges_due", "Pending nudges whose time has come")
        due.add_metric([], queue.due)
        lag = GaugeMetricFamily(
            "afterview_queue_lag_seconds", "How long the oldest due nudge has been waiting"
        )
        lag.add_metric([], queue.lag_seconds(now))
        counters = [
            ("sent", "Nudges delivered by this process", totals.sent),
            ("failed", "Nudges given up on after the last attempt", totals.failed),
            ("retried", "Sends that failed and were put back for a retry", totals.retried),
            ("skipped", "Nudges dropped as too late or no longer in the plan", totals.skipped),
            ("unreachable", "Nudges whose recipient could not be reached", totals.unreachable),
        ]
        metrics: list[Metric] = [due, lag]
        for name, text, value in counters:
            counter = CounterMetricFamily(f"afterview_nudges_{name}", text)
            counter.add_metric([], value)
            metrics.append(counter)
        up = GaugeMetricFamily(
            "afterview_platform_up", "1 while a platform is serving", labels=["platform"]
        )
        for platform, state in sorted(self.platforms.items()):
            up.add_metric([platform], 1.0 if state == "ok" else 0.0)
        metrics.append(up)
        return metrics


class _Collector:
    def __init__(self, health: Health) -> None:
        self._health = health

    def collect(self) -> list[Metric]:
        return self._health.collect()
