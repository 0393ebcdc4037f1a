"""`list` for a user with 2,000 interviews: time from `Coach.handle` to the reply, per page.

One user gets `--interviews` interviews (six nudges each, the shipped plan) bulk-inserted into
a real SQLite file, most of them cancelled (the cap counts only the kept ones, so `list all`
is where a long history shows), then `list`, `list all`, `list all 2` and the last page of
`list all` go through the real coach. Figures only, no thresholds.

    .venv/bin/python bench/bench_list.py [--interviews 2000] [--calls 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.core.messages import Advice, Identity, Request, Verdict  # noqa: E402
from bot.db.models import Interview, Nudge, PlatformIdentity, User  # noqa: E402
from bot.interviews.delivery_keys import new_delivery_key  # noqa: E402
from bot.interviews.limits import INTERVIEWS_MAX, LIST_PAGE  # noqa: E402
from bot.services import Services  # noqa: E402

WHO = Identity("console", "bench", "long-history")
START = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)


class Abstain:
    def advise(self, question: str) -> Advice:
        return Advice(question, Verdict.OUT_OF_SCOPE, None, "", "", 0.0)


def seed(services: Services, count: int) -> None:
    """`count` interviews a few hours apart; all but the newest `INTERVIEWS_MAX // 2` cancelled."""
    steps = [s.id for s in services.plan.steps]
    kept_from = count - INTERVIEWS_MAX // 2
    with services.sessions.begin() as session:
        user = User(quiet_off=True, weekends=True, created_at=START)
        session.add(user)
        session.flush()
        session.add(
            PlatformIdentity(
                user_id=user.id,
                platform=WHO.platform,
                workspace=WHO.workspace,
                user_key=WHO.user,
                created_at=START,
            )
        )
        rows: list[dict[str, Any]] = [
            {
                "user_id": user.id,
                "company": f"Company {i}",
                "at": START + timedelta(hours=5 * i),
                "timezone": "UTC",
                "interviewers": ["Dana Lee"],
                "status": "active" if i >= kept_from else "cancelled",
                "created_at": START + timedelta(hours=5 * i),
            }
            for i in range(count)
        ]
        ids = list(
            session.scalars(
                insert(Interview).returning(Interview.id, sort_by_parameter_order=True), rows
            )
        )
        nudges = [
            {
                "interview_id": interview_id,
                "user_id": user.id,
                "step_id": step,
                "state": "pending" if row["status"] == "active" else "cancelled",
                "due_at": row["at"] + timedelta(days=1),
                "planned_at": row["at"] + timedelta(days=1),
                "attempts": 0,
                "delivery_key": new_delivery_key(),
                "platform": "console",
            }
            for interview_id, row in zip(ids, rows, strict=True)
            for step in steps
        ]
        session.execute(insert(Nudge), nudges)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    last = -(-args.interviews // LIST_PAGE)
    texts = ("list", "list all", "list all 2", f"list all {last}")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/list.sqlite3",
            rules_dir=ROOT / "rules",
            plan_path=ROOT / "rules" / "plan.yaml",
            timezone=Settings.from_env({}).timezone,
        )
        services = Services.build(settings, advisor=Abstain())
        try:
            seed(services, args.interviews)
            print(
                f"list: one user with {args.interviews:,} interviews "
                f"({args.interviews * len(services.plan.steps):,} nudges), SQLite file, "
                f"{args.calls} calls each after 10 warm-up"
            )
            print(f"{'command':<16} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
            for text in texts:
                request = Request(who=WHO, text=text)
                for _ in range(10):
                    services.coach.handle(request)
                took = []
                for _ in range(args.calls):
                    start = time.perf_counter()
                    reply = services.coach.handle(request)
                    took.append((time.perf_counter() - start) * 1000)
                if not reply.sections:
                    raise RuntimeError(f"{text!r} answered nothing")
                print(
                    f"{text:<16} {percentile(took, 0.5):8.2f} {percentile(took, 0.99):8.2f}"
                    f" {max(took):8.2f}   (mean {statistics.fmean(took):.2f}; aim <= 20 ms)"
                )
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
