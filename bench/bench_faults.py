"""Faults against real `afterview serve` processes; prints lost and duplicated nudges.

    python bench/bench_faults.py            # 500 nudges per run
    python bench/bench_faults.py --quick    # 150 nudges per run

For each database (a SQLite file, and a fresh database on the PostgreSQL server named by
``AFTERVIEW_TEST_PG_URL``) and each fault, nudges are registered due at once, bot processes
deliver them into a shared delivery log (a line there is the platform accepting the message),
and the fault is applied while they do:

* outage: the database goes away mid-delivery. PostgreSQL: the bots reach it through a TCP
  proxy in this process that drops every connection and refuses new ones for a while (the
  shared server itself is left alone). SQLite: another connection holds an exclusive lock for
  longer than the bots' busy timeout.
* skew: two replicas, one with its clock 5 minutes ahead (time-machine inside that process;
  SQLite's own clock and PostgreSQL's are not moved), nudges due a few seconds from now.
* freeze: two replicas, one SIGSTOPped for several lease lengths, then SIGCONTinued.
* stop: one replica SIGTERMed mid-delivery and restarted, several times; claims still locked
  after each stop are counted.

Every loop is bounded; "lost" counts nudges never delivered, "dup" sends beyond the first,
and "not recorded as sent" rows left in another state at the end. The one window no design
closes (platform accepted, "sent" not committed) needs a SIGKILL or a dropped commit; only the
outage can hit it here.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from adapters.console.delivery_log import read_log  # noqa: E402
from bench.pg_scratch import scratch_database  # noqa: E402
from bot.db.models import Nudge  # noqa: E402
from bot.interviews.service import NewInterview  # noqa: E402
from tests.nudge_support import SECONDS_PLAN, always_on, build_services, user  # noqa: E402

LEASE = 2.0
SKEWED = (
    "import sys, datetime, time_machine; "
    "time_machine.travel(datetime.timedelta(minutes=5), tick=True).start(); "
    "from adapters.cli import main; sys.exit(main(['serve']))"
)


@dataclass
class Run:
    url: str
    work: Path
    owed: set[int]
    log: Path
    due_at: datetime

    def env(self, url: str | None = None) -> dict[str, str]:
        return {
            **os.environ,
            "AFTERVIEW_DATABASE_URL": url or self.url,
            "AFTERVIEW_PLAN": str(self.work / "plan.yaml"),
            "AFTERVIEW_DELIVERY_LOG": str(self.log),
            "AFTERVIEW_LEASE_SECONDS": str(LEASE),
            "AFTERVIEW_POLL_SECONDS": "0.5",
            "AFTERVIEW_SEND_RATE": "40",
            "AFTERVIEW_SEND_BURST": "4",
            "AFTERVIEW_LOG_LEVEL": "CRITICAL",
        }

    def spawn(self, url: str | None = None, *, skewed: bool = False) -> subprocess.Popen[bytes]:
        command = ["-c", SKEWED] if skewed else ["-m", "adapters.cli", "serve"]
        return subprocess.Popen(
            [sys.executable, *command],
            cwd=ROOT,
            env=self.env(url),
            stdout=subprocess.DEVNULL,
            stderr=(self.work / "bot.log").open("ab"),
        )

    def delivered(self) -> Counter[int]:
        return Counter(int(r["nudge_id"]) for r in read_log(self.log))

    def wait_for(self, condition: Callable[[], bool], limit: float) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False

    def all_delivered(self) -> bool:
        return len(self.delivered()) >= len(self.owed)

    def states(self) -> Counter[str]:
        services = build_services(self.url)
        try:
            with services.sessions() as session:
                rows = session.execute(select(Nudge.state, func.count()).group_by(Nudge.state))
                return Counter({state: count for state, count in rows})
        finally:
            services.close()


def setup(url: str, work: Path, count: int, due_in: float) -> Run:
    data = yaml.safe_load(SECONDS_PLAN.read_text(encoding="utf-8"))
    for step in data["steps"]:
        step["grace"] = "10m"  # every nudge must go out: skipping is a policy of its own
    (work / "plan.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    services = build_services(url, plan=work / "plan.yaml")
    owed: set[int] = set()
    try:
        at = datetime.now(UTC) + timedelta(seconds=due_in)
        for i in range(count // 5):
            who = user(f"user{i}")
            always_on(services, who)
            view = services.tracker.register(who, NewInterview(f"C{i}", at))
            owed |= {n.id for n in view.upcoming}
    finally:
        services.close()
    return Run(url, work, owed, work / "deliveries.jsonl", at)


def stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Proxy:
    """A TCP forwarder to PostgreSQL that can cut every connection for a while."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._down = threading.Event()
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self._down.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._conns |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self, seconds: float) -> None:
        self._down.set()
        with self._lock:
            for conn in self._conns:
                with suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self._conns.clear()
        time.sleep(seconds)
        self._down.clear()

    def close(self) -> None:
        self._server.close()


def outage(run: Run, kind: str) -> str:
    proxy: Proxy | None = None
    url = run.url
    if kind == "postgresql":
        from sqlalchemy.engine import make_url

        parsed = make_url(run.url)
        proxy = Proxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        url = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    proc = run.spawn(url)
    try:
        run.wait_for(lambda: len(run.delivered()) >= len(run.owed) // 4, 60)
        if proxy is not None:
            proxy.cut(8.0)
            what = "8s with every connection dropped"
        else:
            from bot.db.engine import BUSY_TIMEOUT_MS

            hold = BUSY_TIMEOUT_MS / 1000 + 3
            database = run.url.removeprefix("sqlite:///")
            lock = sqlite3.connect(database, isolation_level=None, timeout=30)
            lock.execute("BEGIN EXCLUSIVE")
            time.sleep(hold)
            lock.execute("ROLLBACK")
            lock.close()
            what = f"{hold:.0f}s under an exclusive lock"
        run.wait_for(run.all_delivered, 120)
        run.wait_for(lambda: run.states().get("sent", 0) >= len(run.owed), 20)
    finally:
        stop(proc)
        if proxy is not None:
            proxy.close()
    return what


def skew(run: Run, kind: str) -> str:
    procs = [run.spawn(), run.spawn(skewed=True)]
    try:
        # The first nudge is due 2s after `due_at`: anything in the log before then came early.
        first_due = run.due_at + timedelta(seconds=2)
        run.wait_for(lambda: datetime.now(UTC) >= first_due - timedelta(seconds=0.2), 60)
        early = len(run.delivered())
        run.wait_for(run.all_delivered, 120)
        run.wait_for(lambda: run.states().get("sent", 0) >= len(run.owed), 20)
    finally:
        stop(*procs)
    return f"second replica 5 min ahead; {early} sent before they were due"


def freeze(run: Run, kind: str) -> str:
    frozen, healthy = run.spawn(), run.spawn()
    freezes = 0
    try:
        for _ in range(4):
            if run.all_delivered():
                break
            time.sleep(1.0)
            frozen.send_signal(signal.SIGSTOP)
            time.sleep(LEASE * 3)
            frozen.send_signal(signal.SIGCONT)
            freezes += 1
        run.wait_for(run.all_delivered, 120)
        run.wait_for(lambda: run.states().get("sent", 0) >= len(run.owed), 20)
    finally:
        stop(frozen, healthy)
    return f"{freezes} SIGSTOPs of {LEASE * 3:.0f}s (lease {LEASE:.0f}s)"


def stops(run: Run, kind: str) -> str:
    locked: list[int] = []
    for _ in range(5):
        if run.all_delivered():
            break
        wanted = len(run.delivered()) + 15
        proc = run.spawn()
        run.wait_for(lambda: len(run.delivered()) >= wanted, 60)  # noqa: B023
        stop(proc)
        locked.append(run.states().get("sending", 0))
    proc = run.spawn()
    try:
        run.wait_for(run.all_delivered, 120)
        run.wait_for(lambda: run.states().get("sent", 0) >= len(run.owed), 20)
    finally:
        stop(proc)
    return f"{len(locked)} SIGTERMs, claims left locked after each: {locked}"


@contextmanager
def database(kind: str, work: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{work / 'bot.sqlite3'}"
        return
    with scratch_database("faults") as url:
        if url is None:
            raise SystemExit(
                "bench_faults: the PostgreSQL runs need AFTERVIEW_TEST_PG_URL's server"
            )
        yield url


FAULTS: dict[str, tuple[Callable[[Run, str], str], float]] = {
    "outage": (outage, -10.0),
    "skew": (skew, 8.0),
    "freeze": (freeze, -10.0),
    "stop": (stops, -10.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="150 nudges per run, not 500")
    parser.add_argument("--only", choices=sorted(FAULTS), action="append")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    count = 150 if args.quick else 500
    print(f"{count} nudges per run, lease {LEASE:.0f}s, send rate 40/s per process")
    for kind in args.db or ["sqlite", "postgresql"]:
        for name in args.only or list(FAULTS):
            fault, due_in = FAULTS[name]
            with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
                run = setup(url, Path(tmp), count, due_in)
                started = time.monotonic()
                what = fault(run, kind)
                counts = run.delivered()
                states = run.states()
                lost = len(run.owed - set(counts))
                unrecorded = sum(n for state, n in states.items() if state != "sent")
                dup = sum(n - 1 for n in counts.values())
                print(
                    f"{kind:10} {name:6}: lost {lost}, dup {dup}, not recorded as sent "
                    f"{unrecorded}, of {len(run.owed)} "
                    f"({time.monotonic() - started:.0f}s; {what}; states {dict(states)})"
                )


if __name__ == "__main__":
    main()
