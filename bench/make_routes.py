"""Write `rules/routes.tsv`: the project's own labelled questions, each with the rule it is about.

The router (`bot/advice/router.py`) learns from questions labelled with a rule. The question
files written here (`tests/data/questions-extra.tsv`, `questions-unseen*.tsv`) carry a verdict,
not a rule, so a question is labelled with the rule the phrase matcher picks where that rule's
own verdict is the expected one (out-of-scope questions: their out-of-scope rule, or
`out_of_scope`). The real questions are never used here: the tuning part measures the router,
the frozen part is the test.

    .venv/bin/python bench/make_routes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import Case, load_cases  # noqa: E402
from bot.advice.router import OUT_OF_SCOPE_LABEL, ROUTES_FILE  # noqa: E402
from bot.core.messages import Verdict  # noqa: E402

DATA = ROOT / "tests" / "data"
OWN = (
    "questions-extra.tsv",
    "questions-unseen.tsv",
    "questions-unseen-2.tsv",
    "questions-unseen-3.tsv",
    "questions-unseen-4.tsv",
    "questions-unseen-5.tsv",
)


def own_cases() -> list[Case]:
    return [case for name in OWN for case in load_cases(DATA / name)]


def label(advisor: Advisor, case: Case) -> str | None:
    """The rule a question is about, where the matcher's rule has the expected verdict."""
    winner = advisor.explain(case.question).winner
    if winner is None:
        return OUT_OF_SCOPE_LABEL if Verdict.OUT_OF_SCOPE in case.accepted else None
    rule = winner.rule
    if rule.verdict not in case.accepted:
        return None
    return rule.id if rule.verdict is not Verdict.OUT_OF_SCOPE or rule.id else OUT_OF_SCOPE_LABEL


def main() -> int:
    advisor = Advisor.from_dir(ROOT / "rules")
    examples = {e for rule in advisor.rulebook.rules for e in rule.examples}
    rows: dict[str, str] = {}
    for case in own_cases():
        found = label(advisor, case)
        question = " ".join(case.question.split())
        if found is not None and question not in examples:
            rows.setdefault(question, found)
    lines = [
        "# Labelled questions the router learns from, written by bench/make_routes.py from the",
        "# project's own question files (never the real ones). question<TAB>rule id",
        *(f"{q}\t{lab}" for q, lab in rows.items()),
    ]
    (ROOT / "rules" / ROUTES_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} labelled questions written to rules/{ROUTES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
