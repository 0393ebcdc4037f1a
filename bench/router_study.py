"""What the learned router earns: cross-validation on the project's own sets, then the tuning part.

1. The router alone, 5-fold cross-validated on the project's own labelled questions
   (`rules/routes.tsv` comes from them; each fold is routed by a router that never saw it).
2. The advisor on `tests/data/questions-real-tune.tsv` with each use of the router switched off
   and on: matcher alone, + answering gaps, + doubting a confident verdict, both.

The frozen part is never used here. Prints figures only.

    .venv/bin/python bench/router_study.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bot.advice.second_reading as second_module  # noqa: E402
from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import Case, evaluate, load_cases  # noqa: E402
from bot.advice.router import OUT_OF_SCOPE_LABEL, Router  # noqa: E402
from bot.core.messages import Verdict  # noqa: E402

DATA = ROOT / "tests" / "data"
OWN = ("questions-extra.tsv", "questions-unseen.tsv", "questions-unseen-2.tsv",
       "questions-unseen-3.tsv", "questions-unseen-4.tsv")  # fmt: skip
NEVER = 1e9


def cross_validate(advisor: Advisor, folds: int = 5) -> None:
    cases = [c for name in OWN for c in load_cases(DATA / name)]
    routes = dict(advisor._routes)
    examples = [(e, r.id) for r in advisor.rulebook.rules for e in r.examples]
    examples += [(r.applies_when, r.id) for r in advisor.rulebook.rules if r.applies_when]
    verdicts = {r.id: r.verdict for r in advisor.rulebook.rules}
    verdicts[OUT_OF_SCOPE_LABEL] = Verdict.OUT_OF_SCOPE
    order = list(range(len(cases)))
    random.Random(1).shuffle(order)
    right = flips = 0
    for fold in range(folds):
        held: list[Case] = [cases[i] for i in order[fold::folds]]
        unseen = {c.question for c in held}
        train = examples + [(q, lab) for q, lab in routes.items() if q not in unseen]
        router = Router(train, advisor.route_features)
        for case in held:
            route = router.route(case.question)
            verdict = verdicts[route.label] if route else Verdict.OUT_OF_SCOPE
            right += verdict in case.accepted
            flips += case.credit(verdict) == 0 and {verdict} | case.accepted >= {
                Verdict.OK,
                Verdict.AVOID,
            }
    print(
        f"router alone, {folds}-fold on the project's own sets (n={len(cases)}): "
        f"accuracy {right / len(cases):.1%}, critical {flips / len(cases):.1%}"
    )


def tune_figures(advisor: Advisor) -> None:
    cases = load_cases(DATA / "questions-real-tune.tsv")
    fill, words = second_module.FILL_SIMILARITY, second_module.AGAINST_WORDS
    for name, use_fill, use_against in (
        ("matcher alone", False, False),
        ("+ answers gaps", True, False),
        ("+ doubts a confident verdict", False, True),
        ("both (shipped)", True, True),
    ):
        second_module.FILL_SIMILARITY = fill if use_fill else NEVER
        second_module.AGAINST_WORDS = words if use_against else 10**6
        report = evaluate(advisor, cases)
        recall, answered = report.out_of_scope_recall, report.answered_rate
        print(
            f"tune, {name:<30} accuracy {report.accuracy:6.1%}  critical "
            f"{report.critical_error_rate:5.1%}  out-of-scope recall {recall or 0:6.1%}  "
            f"answered {answered or 0:6.1%}  lenient {report.lenient:6.1%}"
        )
    second_module.FILL_SIMILARITY, second_module.AGAINST_WORDS = fill, words


def main() -> int:
    advisor = Advisor.from_dir(ROOT / "rules")
    cross_validate(advisor)
    tune_figures(advisor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
