"""The durable-commit floor on this disk: what no registration can go below, one caller.

    .venv/bin/python bench/bench_commit_floor.py [--count 500]

Prints p50/p90/p99 and the implied rate for: a raw 4 KiB append plus `os.fsync` and plus
`os.fdatasync` in the folder the benchmarks use (the disk's own cost), a one-row INSERT and
COMMIT on an SQLite file in WAL mode with ``synchronous=FULL`` (what our engine sets), and
on the PostgreSQL server a bare round trip (``SELECT 1``) and a one-row INSERT + COMMIT
(the server flushes its WAL before answering). A registration does that COMMIT plus its own
statements, so its single-caller rate sits under these figures.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pg_scratch import scratch_database  # noqa: E402


def timed(count: int, work: Callable[[int], object]) -> list[float]:
    for i in range(20):
        work(-1 - i)
    took = []
    for i in range(count):
        start = time.perf_counter()
        work(i)
        took.append((time.perf_counter() - start) * 1000)
    return sorted(took)


def show(label: str, took: list[float]) -> None:
    def at(q: float) -> float:
        return took[min(len(took) - 1, round(q * (len(took) - 1)))]

    print(
        f"{label:<46} p50 {at(0.5):6.2f} ms  p90 {at(0.9):6.2f} ms  p99 {at(0.99):6.2f} ms"
        f"  = {1000 / at(0.5):7,.0f}/s at p50"
    )


def disk(folder: str, count: int) -> None:
    path = os.path.join(folder, "fsync.bin")
    block = os.urandom(4096)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for name, sync in (("fsync", os.fsync), ("fdatasync", os.fdatasync)):

            def append(_i: int, sync: Callable[[int], None] = sync) -> None:
                os.write(fd, block)
                sync(fd)

            show(f"4 KiB append + {name}", timed(count, append))
    finally:
        os.close(fd)


def sqlite_commit(folder: str, count: int) -> None:
    db = sqlite3.connect(os.path.join(folder, "floor.sqlite3"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

    def commit(i: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", (str(i),))
        db.execute("COMMIT")

    show("SQLite WAL, synchronous=FULL: 1-row COMMIT", timed(count, commit))
    db.close()


def postgres(count: int) -> None:
    import psycopg

    with scratch_database("floor") as url:
        if url is None:
            return
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as db:
            db.execute("CREATE TABLE t (id serial PRIMARY KEY, v text)")
            db.commit()
            show(
                "PostgreSQL: SELECT 1 (one round trip)",
                timed(count, lambda _i: db.execute("SELECT 1").fetchone()),
            )
            db.commit()
            setting = db.execute("SHOW synchronous_commit").fetchone()
            db.commit()

            def commit(i: int) -> None:
                db.execute("INSERT INTO t (v) VALUES (%s)", (str(i),))
                db.commit()

            show(
                f"PostgreSQL: 1-row INSERT + COMMIT (sync={setting[0] if setting else '?'})",
                timed(count, commit),
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    print(
        f"durable-commit floor, {args.count} each after 20 warm-up, python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as folder:
        disk(folder, args.count)
        sqlite_commit(folder, args.count)
    postgres(args.count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
