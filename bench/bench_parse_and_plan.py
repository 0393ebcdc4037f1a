"""How long reading `/interviewed ...` and planning its nudges take, per call.

Both run on every registration, so their cost is part of the registration benchmark; this
prints them alone. Figures only, no thresholds: the machine is shared and noisy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.interviews.when import parse_decision_date, parse_interview, warm_up
from bot.nudges.calendar import Preferences, next_allowed
from bot.nudges.plan import plan_nudges
from bot.nudges.plan_file import load_plan

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=ZONE)
LINES = {
    "short": "May Mobility yesterday 3pm",
    "full": "Acme Corp on 20/11 at 9am for Data Engineer with Dana Lee and Sam Park",
    "no time": "Acme sometime last week",
    "500 chars of noise": ("x " * 250)[:500],
}


def per_call(label: str, calls: int, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    for _ in range(calls):
        work()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed / calls * 1e6:9.1f} µs/call  ({calls} calls)")


def parser_for(line: str) -> Callable[[], object]:
    return lambda: parse_interview(line, now=NOW, tz=ZONE)


def main() -> None:
    start = time.perf_counter()
    warm_up()
    warm_ms = (time.perf_counter() - start) * 1e3
    print(f"{'warm_up':<44} {warm_ms:9.1f} ms")
    for name, line in LINES.items():
        per_call(f"parse_interview: {name}", 2000, parser_for(line))
    per_call(
        "parse_decision_date: 'by Friday'",
        2000,
        lambda: parse_decision_date("by Friday", now=NOW, tz=ZONE),
    )
    plan = load_plan()
    prefs = Preferences(timezone=ZONE)
    per_call("load_plan (shipped)", 200, load_plan)
    per_call(
        f"plan_nudges (shipped plan, {len(plan.steps)} steps)",
        10000,
        lambda: plan_nudges(NOW, prefs, plan, now=NOW),
    )
    per_call("next_allowed (Sunday -> Monday 08:00)", 20000, lambda: next_allowed(NOW, prefs))


if __name__ == "__main__":
    main()
