"""The advisor on the real questions, per part of the split and per origin file.

Prints figures only. The frozen part is the honest test: nothing in the rulebook is chosen by
looking at it. Within each part the questions from `questions-dev.tsv` are shown apart from
those of `questions-real-2.tsv`, because the dev questions were tuned on before the split, so
only the real-2 ones were never seen by the rulebook before.

    .venv/bin/python bench/eval_real.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.cli import advice_source  # noqa: E402
from bot.advice.evaluation import Report, evaluate, load_cases  # noqa: E402

DATA = ROOT / "tests" / "data"


def line(name: str, report: Report) -> str:
    recall = report.out_of_scope_recall
    answered = report.answered_rate
    return (
        f"{name:<22} n={report.total:>3}  accuracy {report.accuracy:6.1%}  "
        f"critical {report.critical_error_rate:5.1%}  "
        f"out-of-scope recall {'n/a' if recall is None else f'{recall:6.1%}'}  "
        f"answered {'n/a' if answered is None else f'{answered:6.1%}'}  "
        f"lenient {report.lenient:6.1%}"
    )


def main() -> int:
    advisor = advice_source()
    dev = {c.question for c in load_cases(DATA / "questions-dev.tsv")}
    for part in ("tune", "frozen"):
        cases = load_cases(DATA / f"questions-real-{part}.tsv")
        print(line(f"{part} (all)", evaluate(advisor, cases)))
        print(line(f"{part} from dev", evaluate(advisor, [c for c in cases if c.question in dev])))
        fresh = [c for c in cases if c.question not in dev]
        print(line(f"{part} from real-2", evaluate(advisor, fresh)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
