"""A real bot process, SIGKILLed mid-delivery and restarted, loses no nudge.

The bot runs as `python -m adapters.cli serve` (what `afterview serve` runs) with a seconds-scale
plan, delivering into a `FileNotifier` log: a line there is the "platform" accepting a message.
After several kills and a last clean run, every owed nudge must appear in the log. Duplicates
can only come from the one documented window (killed after the log line was written but before
"sent" was committed); they are counted, printed, and bounded by the sends in flight per kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from adapters.console.delivery_log import read_log
from bot.interviews.service import NewInterview
from bot.nudges.report import nudges_report
from tests.nudge_support import SECONDS_PLAN, always_on, build_services, user

ROOT = Path(__file__).resolve().parents[2]
USERS = 60  # x 5 steps = 300 nudges
KILLS = 4
CONCURRENCY = 4  # DeliverySettings.concurrency: sends in flight at a kill


def _long_grace_plan(tmp_path: Path) -> Path:
    """The seconds-scale plan with grace long enough that restarts never make a nudge skip:
    skipping is its own tested policy; here every nudge must be delivered."""
    data = yaml.safe_load(SECONDS_PLAN.read_text(encoding="utf-8"))
    for step in data["steps"]:
        step["grace"] = "10m"
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _lines(path: Path) -> int:
    return len(read_log(path))


def _spawn(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def _wait(condition: object, limit: float, what: str, proc: subprocess.Popen[bytes]) -> None:
    assert callable(condition)
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the bot exited (code {proc.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_mid_delivery_loses_no_nudge(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    plan = _long_grace_plan(tmp_path)
    deliveries = tmp_path / "deliveries.jsonl"
    services = build_services(url, plan=plan)
    owed: set[int] = set()
    try:
        started = datetime.now(UTC) - timedelta(seconds=10)  # every step is due at once
        for i in range(USERS):
            who = user(f"user{i}")
            always_on(services, who)
            view = services.tracker.register(who, NewInterview(f"Company {i}", started))
            owed |= {n.id for n in view.upcoming}
    finally:
        services.close()
    assert len(owed) == USERS * 5

    env = {
        **os.environ,
        "AFTERVIEW_DATABASE_URL": url,
        "AFTERVIEW_PLAN": str(plan),
        "AFTERVIEW_DELIVERY_LOG": str(deliveries),
        "AFTERVIEW_LEASE_SECONDS": "1.5",
        "AFTERVIEW_POLL_SECONDS": "0.5",
        "AFTERVIEW_SEND_RATE": "40",
        "AFTERVIEW_SEND_BURST": "4",
        "AFTERVIEW_LOG_LEVEL": "WARNING",
    }
    bot_log = tmp_path / "bot.log"
    rng = random.Random(20261122)
    kills = 0
    for _ in range(KILLS):
        before = _lines(deliveries)
        proc = _spawn(env, bot_log)
        wanted = before + rng.randint(5, 40)
        _wait(lambda w=wanted: _lines(deliveries) >= w, 30, "deliveries", proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kills += 1
        if _lines(deliveries) >= len(owed):
            break

    proc = _spawn(env, bot_log)
    try:
        _wait(lambda: len(set(_delivered(deliveries))) >= len(owed), 40, "all nudges", proc)
        _wait(lambda: _all_sent(url), 10, "every nudge recorded as sent", proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)

    counts = Counter(_delivered(deliveries))
    duplicates = sum(n - 1 for n in counts.values())
    print(
        f"\nkill test: {len(owed)} nudges, {kills} SIGKILLs mid-delivery, "
        f"{len(counts)} delivered, {duplicates} duplicate(s) "
        f"({duplicates / len(owed):.2%}), nudges sent twice: "
        f"{sorted(k for k, v in counts.items() if v > 1)}"
    )
    assert set(counts) == owed, "a nudge was lost"
    assert duplicates <= kills * CONCURRENCY, "more duplicates than sends in flight at kills"


def _delivered(path: Path) -> list[int]:
    return [int(r["nudge_id"]) for r in read_log(path)]


def _all_sent(url: str) -> bool:
    services = build_services(url)
    try:
        return {r["state"] for r in nudges_report(services, user=None)} == {"sent"}
    finally:
        services.close()
