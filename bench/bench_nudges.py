"""Benchmarks for the interview store and nudge delivery; prints figures, asserts nothing.

    python bench/bench_nudges.py            # full counts (10,000 / 100,000)
    python bench/bench_nudges.py --quick    # smaller counts, for a quick look

Figures: registering interviews (and their nudges) into SQLite and PostgreSQL, next to the
same number of plain APScheduler `add_job` calls on an SQLAlchemyJobStore on the same database
(our time as a ratio to it); delivering due nudges through a notifier that only counts, with
the longest event-loop stall seen meanwhile; and peak memory with 100,000 pending nudges.
`--only memory` (or register, deliver) runs one part.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.pg_scratch import scratch_database  # noqa: E402
from bot.config import DeliverySettings, Settings  # noqa: E402
from bot.core.messages import Advice, Identity, Verdict  # noqa: E402
from bot.core.ports import Delivery  # noqa: E402
from bot.db.models import Interview, Nudge, PlatformIdentity, User  # noqa: E402
from bot.heap import settle_after_start  # noqa: E402
from bot.interviews.service import NewInterview, new_delivery_key  # noqa: E402
from bot.services import Services  # noqa: E402

SHIPPED_PLAN = ROOT / "rules" / "plan.yaml"
WEDNESDAY_NOON = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
FAST = DeliverySettings(send_rate=1_000_000.0, send_burst=1_000_000, batch_size=100)


class Abstain:
    def advise(self, question: str) -> Advice:
        return Advice(question, Verdict.OUT_OF_SCOPE, None, "", "", 0.0)


class CountingNotifier:
    def __init__(self) -> None:
        self.count = 0

    @property
    def platform(self) -> str:
        return "console"

    async def send(self, delivery: Delivery) -> None:
        self.count += 1


def build(url: str, plan: Path, now: datetime | None = None, *, rulebook: bool = False) -> Services:
    settings = Settings(
        database_url=url,
        rules_dir=ROOT / "rules",
        plan_path=plan,
        timezone=Settings.from_env({}).timezone,
        delivery=FAST,
    )
    clock = (lambda: now) if now is not None else None
    return Services.build(settings, clock=clock, advisor=None if rulebook else Abstain())


def _job() -> None:
    """What the reference jobs would run (they never do: the scheduler stays paused)."""


def bench_registration(label: str, url: str, count: int, chunk: int = 250) -> None:
    """Ours and the reference in alternating chunks, so machine noise hits both alike.

    Two references: one ``add_job`` per interview (the literal "same number"), and one per
    nudge, which is what a scheduler-only design would store for the same work.
    """
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    services = build(url, SHIPPED_PLAN, WEDNESDAY_NOON)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=url, tablename="apscheduler_bench")},
        timezone=UTC,
    )
    scheduler.start(paused=True)
    ours = per_interview = per_nudge = 0.0
    nudges = jobs = 0
    at = WEDNESDAY_NOON - timedelta(hours=1)
    run_at = datetime.now(UTC) + timedelta(days=1)
    try:
        for first in range(0, count, chunk):
            batch = range(first, min(first + chunk, count))
            start = time.perf_counter()
            made = 0
            for i in batch:
                who = Identity("console", "bench", f"user{i % 500}")
                view = services.tracker.register(who, NewInterview(f"Company {i}", at))
                made += len(view.nudges)
            ours += time.perf_counter() - start
            nudges += made
            start = time.perf_counter()
            for _ in batch:
                scheduler.add_job(_job, "date", run_date=run_at, id=f"job{jobs}")
                jobs += 1
            per_interview += time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(made - len(batch)):
                scheduler.add_job(_job, "date", run_date=run_at, id=f"job{jobs}")
                jobs += 1
            per_nudge += time.perf_counter() - start
        per_nudge += per_interview
    finally:
        scheduler.shutdown(wait=False)
        services.close()
    concurrent = bench_concurrent_registration(url, count)
    print(
        f"{label}: registered {count:,} interviews ({nudges:,} nudges) in {ours:.2f}s "
        f"= {count / ours:,.0f} interviews/s\n"
        f"  APScheduler add_job on an SQLAlchemyJobStore, same database: {count:,} jobs "
        f"{per_interview:.2f}s (ratio ours/reference {ours / per_interview:.2f}x); one job per "
        f"nudge, {nudges:,} jobs {per_nudge:.2f}s (ratio {ours / per_nudge:.2f}x); aim <= 1.0x\n"
        f"  {concurrent}"
    )


def bench_concurrent_registration(url: str, count: int, threads: int = 8) -> str:
    """The same registrations from `threads` threads at once, as adapters' worker threads
    make them: concurrent registrations share COMMITs (each still returns once durable)."""
    from concurrent.futures import ThreadPoolExecutor

    services = build(url, SHIPPED_PLAN, WEDNESDAY_NOON)
    at = WEDNESDAY_NOON - timedelta(hours=1)

    def one(i: int) -> None:
        services.tracker.register(
            Identity("console", "bench-c", f"user{i % 500}"), NewInterview("C", at)
        )

    try:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(50)))  # warm-up
            before = services.tracker._group.batches
            start = time.perf_counter()
            list(pool.map(one, range(count)))
            elapsed = time.perf_counter() - start
            commits = services.tracker._group.batches - before
    finally:
        services.close()
    return (
        f"from {threads} threads at once: {count / elapsed:,.0f} interviews/s, "
        f"{count / max(commits, 1):.1f} registrations per COMMIT"
    )


def seed_due(services: Services, count: int, at: datetime) -> int:
    """Bulk-insert interviews whose nudges (one per plan step, about `count` in all) are due
    at `at` for users without quiet hours: a fast set-up, not what is measured."""
    interviews = -(-count // len(services.plan.steps))
    with services.sessions.begin() as session:
        user_ids = []
        for i in range(max(1, interviews // 5)):
            user = User(quiet_off=True, weekends=True, created_at=at)
            session.add(user)
            session.flush()
            session.add(
                PlatformIdentity(
                    user_id=user.id,
                    platform="console",
                    workspace="bench",
                    user_key=f"due{i}-{uuid.uuid4().hex[:6]}",
                    created_at=at,
                )
            )
            user_ids.append(user.id)
        interview_rows = [
            {
                "user_id": user_ids[i % len(user_ids)],
                "company": f"Company {i}",
                "at": at,
                "timezone": "UTC",
                "interviewers": [],
                "status": "active",
                "created_at": at,
            }
            for i in range(interviews)
        ]
        ids = list(
            session.scalars(
                insert(Interview).returning(Interview.id, sort_by_parameter_order=True),
                interview_rows,
            )
        )
        owners = {row_id: r["user_id"] for row_id, r in zip(ids, interview_rows, strict=True)}
        steps = [s.id for s in services.plan.steps]
        nudge_rows = [
            {
                "interview_id": interview_id,
                "user_id": owners[interview_id],
                "step_id": step,
                "state": "pending",
                "due_at": at,
                "planned_at": at,
                "attempts": 0,
                "delivery_key": new_delivery_key(),
                "platform": "console",
            }
            for interview_id in ids
            for step in steps
        ]
        session.execute(insert(Nudge), nudge_rows)
        return len(nudge_rows)


async def _idle_stall(seconds: float) -> float:
    """The longest stall of an idle event loop: what the machine itself (other processes on
    its 2 cores) costs, the floor under the stall measured while delivering."""
    loop = asyncio.get_running_loop()
    longest, last = 0.0, loop.time()
    end = last + seconds
    while last < end:
        await asyncio.sleep(0.005)
        now = loop.time()
        longest = max(longest, now - last - 0.005)
        last = now
    return longest


async def _deliver(services: Services) -> tuple[float, float, int, str]:
    notifier = CountingNotifier()
    services.add_notifier(notifier)
    longest = 0.0
    done = asyncio.Event()

    async def watch() -> None:
        nonlocal longest
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = loop.time()
            longest = max(longest, now - last - 0.005)
            last = now

    watcher = asyncio.create_task(watch())
    start = time.perf_counter()
    stats = await services.dispatcher.run_due()
    elapsed = time.perf_counter() - start
    done.set()
    await watcher
    idle = await _idle_stall(min(elapsed, 10.0))
    other = (
        f"an idle loop right after: {idle * 1000:.1f} ms; skipped {stats.skipped}, "
        f"deferred {stats.deferred}, errors {len(stats.errors)}"
    )
    return elapsed, longest, notifier.count, other


def bench_delivery(label: str, url: str, count: int) -> None:
    at = datetime.now(UTC) - timedelta(seconds=5)
    services = build(url, SHIPPED_PLAN)
    try:
        owed = seed_due(services, count, at)
        settle_after_start()  # as `afterview serve` does before its first pass
        elapsed, stall, sent, other = asyncio.run(_deliver(services))
    finally:
        services.close()
    print(
        f"{label}: delivered {sent:,} of {owed:,} due nudges through a counting notifier in "
        f"{elapsed:.2f}s = {sent / elapsed:,.0f}/s; longest event-loop stall meanwhile "
        f"{stall * 1000:.1f} ms (aim <= 20 ms); {other}"
    )


def bench_memory(url: str, count: int) -> None:
    """Seed `count` pending nudges here, then measure a fresh process that serves them.

    The serving process is what must stay small: it starts the services, rebuilds the timer
    from the table and runs a dispatch pass (nothing is due). The seeding (100,000 rows built
    in memory) happens in this process so it does not count.
    """
    future = datetime.now(UTC) + timedelta(days=2)
    services = build(url, SHIPPED_PLAN)
    try:
        seeded = 0
        for _ in range(0, count, 10_000):
            seeded += seed_due(services, min(10_000, count - seeded), future)
    finally:
        services.close()

    def child(*extra: str) -> str:
        run = [sys.executable, __file__, "--serve-for-memory", url, *extra]
        return subprocess.run(run, check=True, capture_output=True, text=True).stdout.strip()

    plain, traced = child(), child("--trace")
    print(f"memory: {seeded:,} pending nudges; {plain}; {traced}")


def serve_for_memory(url: str, trace: bool) -> None:
    """The child of `bench_memory`: start, rebuild timers, one pass; print what it held.

    Run twice: plainly for the RSS, and with tracemalloc for the Python allocations (its own
    bookkeeping would inflate the RSS by tens of MB)."""
    if trace:
        tracemalloc.start()

    async def start_and_pass() -> datetime | None:
        services = build(url, SHIPPED_PLAN, rulebook=True)  # as `afterview serve` has it
        services.add_notifier(CountingNotifier())
        settle_after_start()  # as `afterview serve` does
        try:
            await services.start()  # rebuilds the timer from the table
            await services.dispatcher.run_due()
            return await asyncio.to_thread(services.dispatcher.next_due)
        finally:
            await services.stop()
            services.close()

    upcoming = asyncio.run(start_and_pass())
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"with tracemalloc, Python allocations at most {peak / 1e6:.1f} MB")
        return
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"a fresh process starting the services, rebuilding timers and running a dispatch "
        f"pass: max RSS {peak_rss / 1024:.0f} MB (aim <= 150 MB), {len(sys.modules)} modules "
        f"loaded, next wake-up {upcoming}"
    )


PARTS = ("register", "deliver", "memory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller counts")
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="run only this part (repeatable)"
    )
    parser.add_argument("--serve-for-memory", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_for_memory:
        serve_for_memory(args.serve_for_memory, args.trace)
        return 0
    parts = set(args.only or PARTS)
    registrations = 1_000 if args.quick else 10_000
    deliveries = 2_000 if args.quick else 10_000
    pending = 10_000 if args.quick else 100_000
    print(f"bench_nudges ({'quick' if args.quick else 'full'}), python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        if "register" in parts:
            bench_registration("sqlite", f"sqlite:///{tmp}/register.sqlite3", registrations)
            with scratch_database("bench") as pg_url:
                if pg_url is not None:
                    bench_registration("postgresql", pg_url, registrations)
        if "deliver" in parts:
            with scratch_database("bench") as pg_url:
                if pg_url is not None:
                    bench_delivery("postgresql", pg_url, deliveries)
            bench_delivery("sqlite", f"sqlite:///{tmp}/deliver.sqlite3", deliveries)
        if "memory" in parts:
            bench_memory(f"sqlite:///{tmp}/memory.sqlite3", pending)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
