"""Where one registration's time goes: statements, round trips, commit (fsync), Python CPU.

    .venv/bin/python bench/profile_registration.py [--count 500] [--profile]

For SQLite and PostgreSQL it registers `count` interviews through `Tracker.register` and
prints, per registration: the SQL statements the driver ran (counted with SQLAlchemy's
``before_cursor_execute`` event), the round trips to the server (statements plus BEGIN,
COMMIT and pool pings, counted from the events that send them), the wall time spent in
COMMIT (for SQLite the WAL fsync), and the time of the whole call. Then the Python CPU of
the pure parts of an ``/interviewed`` request: reading the text, planning the nudges and
rendering the reply. ``--profile`` adds a pyinstrument call tree of the SQLite loop.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event  # noqa: E402

from bench.pg_scratch import scratch_database  # noqa: E402
from bot.core.messages import Identity  # noqa: E402
from bot.db.prepared import Prepared  # noqa: E402
from bot.interviews.service import NewInterview  # noqa: E402

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
_PREPARED_ROWS = Prepared.rows


class Counts:
    """Statements, round trips and time in COMMIT, from the engine's events."""

    def __init__(self, engine: Engine) -> None:
        self.statements = 0
        self.trips = 0
        self.commit_s = 0.0
        self._commit_started = 0.0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "engine_connect", self._checkout)
        pool_ping = engine.pool._pre_ping
        self.pings = bool(pool_ping)
        self.sqlite = engine.dialect.name == "sqlite"
        commit = engine.dialect.do_commit

        def timed_commit(dbapi_connection: Any) -> None:
            start = time.perf_counter()
            commit(dbapi_connection)
            self.commit_s += time.perf_counter() - start

        engine.dialect.do_commit = timed_commit  # type: ignore[method-assign]

        # The hot path runs prepared statements on the driver's cursor, past the engine's
        # events: count those where they run.
        def counted(prepared: Prepared, conn: Any, values: Any) -> Any:
            self._statement()
            return _PREPARED_ROWS(prepared, conn, values)

        Prepared.rows = counted  # type: ignore[method-assign,assignment]

    def _statement(self, *_args: Any) -> None:
        self.statements += 1
        self.trips += 1

    def _begin(self, _conn: Any) -> None:
        # psycopg sends BEGIN itself before the first statement (one round trip); SQLite's
        # BEGIN IMMEDIATE is a statement the dialect's begin step runs on the driver's cursor,
        # past the statement events: counted here.
        self.trips += 1
        if self.sqlite:
            self.statements += 1

    def _commit(self, _conn: Any) -> None:
        self.trips += 1

    def _checkout(self, _conn: Any) -> None:
        if self.pings:
            self.trips += 1


def build(url: str) -> Any:
    from bot.config import Settings
    from bot.services import Services

    settings = Settings(
        database_url=url,
        rules_dir=ROOT / "rules",
        plan_path=ROOT / "rules" / "plan.yaml",
        timezone=Settings.from_env({}).timezone,
    )
    return Services.build(settings, clock=lambda: NOW, advisor=_Abstain())


class _Abstain:
    def advise(self, question: str) -> Any:
        from bot.core.messages import Advice, Verdict

        return Advice(question, Verdict.OUT_OF_SCOPE, None, "", "", 0.0)


def measure(label: str, url: str, count: int, profile: bool) -> None:
    services = build(url)
    try:
        at = NOW - timedelta(hours=1)
        for i in range(20):  # warm caches, create the users
            services.tracker.register(Identity("console", "p", f"u{i}"), NewInterview("W", at))
        counts = Counts(services.engine)

        def loop() -> None:
            for i in range(count):
                who = Identity("console", "p", f"u{i % 20}")
                services.tracker.register(who, NewInterview("C", at))

        with _profiled(profile and label == "sqlite"):
            start = time.perf_counter()
            cpu = time.process_time()
            loop()
            cpu = time.process_time() - cpu
            wall = time.perf_counter() - start
        print(
            f"{label}: per registration {counts.statements / count:.1f} statements, "
            f"{counts.trips / count:.1f} round trips, {wall / count * 1e3:.2f} ms wall "
            f"({count / wall:,.0f}/s), {cpu / count * 1e3:.2f} ms CPU in this process, "
            + (
                f"COMMIT {counts.commit_s / count * 1e3:.2f} ms"
                if counts.commit_s
                else "no separate COMMIT (one statement in autocommit, flushed as it runs)"
            )
        )
    finally:
        services.close()


@contextmanager
def _profiled(on: bool) -> Iterator[None]:
    if not on:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        print(profiler.output_text(color=False, show_all=False))


def per_call(label: str, calls: int, work: Callable[[], object]) -> None:
    start = time.process_time()
    for _ in range(calls):
        work()
    print(f"  {label:<40} {(time.process_time() - start) / calls * 1e6:8.1f} µs CPU/call")


def pure_parts() -> None:
    from zoneinfo import ZoneInfo

    from bot.interviews.replies import registered_reply
    from bot.interviews.when import parse_interview, warm_up
    from bot.nudges.calendar import Preferences
    from bot.nudges.plan import plan_nudges
    from bot.nudges.plan_file import load_plan

    warm_up()
    zone = ZoneInfo("Europe/Berlin")
    line = "Acme tomorrow 10:00 with Dana Lee"
    plan = load_plan()
    prefs = Preferences(timezone=zone)
    print("Python CPU of the pure parts of one /interviewed:")
    per_call("parse_interview", 2000, lambda: parse_interview(line, now=NOW, tz=zone))
    per_call("plan_nudges (shipped plan)", 5000, lambda: plan_nudges(NOW, prefs, plan, now=NOW))
    with tempfile.TemporaryDirectory() as tmp:
        services = build(f"sqlite:///{tmp}/r.sqlite3")
        try:
            view = services.tracker.register(Identity("console", "p", "r"), NewInterview("A", NOW))
            per_call("registered reply (view -> Reply)", 5000, lambda: registered_reply(view, []))
        finally:
            services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("sqlite", f"sqlite:///{tmp}/p.sqlite3", args.count, args.profile)
    with scratch_database("prof") as pg_url:
        if pg_url is not None:
            measure("postgresql", pg_url, args.count, args.profile)
    pure_parts()


if __name__ == "__main__":
    main()
