"""CPU of one ``/interviewed`` through the core: `Coach.handle` on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_interviewed_core.py [--count 1000] [--rounds 3] [--profile]

The request a Slack flood sends (``Acme<i> yesterday 3pm with Dana Lee`` from 50 people with
a timezone hint), handled one after another in this process on a store built the way the
runner builds it (`Services.build` from `Settings.from_env`). Prints, per request, the CPU
this process spent (Python, the driver, SQLite itself) and the wall time (which adds the
durable COMMIT's wait for the disk) of the best of ``--rounds`` rounds, for a SQLite file and,
where a server answers, a scratch PostgreSQL database (`bench/pg_scratch.py`). ``--profile``
adds a pyinstrument call tree of one more SQLite round. The clock is fixed, so every run plans
the same nudges and gives the same replies: the printed digest of them all shows that a change
kept the replies byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pg_scratch import scratch_database  # noqa: E402
from bot.interviews.limits import INTERVIEWS_MAX  # noqa: E402

NOW = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)
PEOPLE = 50
WARM = 50


def build(url: str) -> Any:
    from bot.config import Settings
    from bot.services import Services

    settings = Settings.from_env({"AFTERVIEW_DATABASE_URL": url})
    return Services.build(settings, clock=lambda: NOW)


def request(i: int) -> Any:
    from bot.core.messages import Identity, Request

    return Request(
        who=Identity("slack", "T1", f"U{i % PEOPLE}"),
        text=f"Acme{i} yesterday 3pm with Dana Lee",
        command="interviewed",
        tz_hint="America/New_York",
    )


def measure(label: str, url: str, count: int, rounds: int, profile: bool) -> None:
    """`rounds` rounds of `count` requests; the best round's figures (the machine is shared,
    and other work only ever adds time) and a digest of every reply."""
    services = build(url)
    try:
        coach = services.coach
        for i in range(WARM):  # warm caches, create the people
            coach.handle(request(rounds * count + i))
        best: tuple[float, float] | None = None
        replies: list[Any] = []
        for round_ in range(rounds):
            requests = [request(round_ * count + i) for i in range(count)]
            profiler = _profiler() if profile and round_ == 0 else None
            start = time.perf_counter()
            cpu = time.process_time()
            replies += [coach.handle(r) for r in requests]
            cpu = time.process_time() - cpu
            wall = time.perf_counter() - start
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(color=False, show_all=False))
            elif best is None or cpu < best[0]:
                best = (cpu, wall)
        registered = sum(1 for reply in replies if reply.text.startswith("Got it"))
        digest = hashlib.sha256(repr(replies).encode()).hexdigest()[:12]
        if best is not None:
            cpu, wall = best
            print(
                f"{label}: {cpu / count * 1e3:.2f} ms CPU per /interviewed, "
                f"{wall / count * 1e3:.2f} ms wall ({count / wall:,.0f}/s), best of "
                f"{rounds - profile} rounds; {registered}/{len(replies)} registered, "
                f"replies {digest}"
            )
    finally:
        services.close()


def _profiler() -> Any:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    return profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the first SQLite round")
    args = parser.parse_args()
    if args.count * (args.rounds + 1) + WARM > PEOPLE * INTERVIEWS_MAX:
        parser.error(f"at most {PEOPLE * INTERVIEWS_MAX} registrations fit under the cap")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/core.sqlite3"
        measure("sqlite", url, args.count, args.rounds + args.profile, args.profile)
    with scratch_database("core") as pg_url:
        if pg_url is not None:
            measure("postgresql", pg_url, args.count, args.rounds, False)


if __name__ == "__main__":
    main()
