"""`afterview rules check` and `eval`: checking a rulebook and measuring the advisor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.cli.common import Subparsers, load_settings
from bot.rulefiles import RulebookError

if TYPE_CHECKING:
    from bot.core.coach import AdviceSource


def register(sub: Subparsers) -> None:
    """Add these sub-commands to the `afterview` parser."""
    rules = sub.add_parser("rules", help="work with rulebooks")
    rules_sub = rules.add_subparsers(metavar="ACTION")
    check = rules_sub.add_parser("check", help="validate a rulebook directory")
    check.add_argument("directory", nargs="?", type=Path, help="default: the active rulebook")
    check.set_defaults(func=_cmd_rules_check)

    evaluate = sub.add_parser("eval", help="measure the advisor on a TSV of questions")
    evaluate.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="TSV: question, expected verdict, ..."
    )
    evaluate.add_argument(
        "--baseline", type=Path, metavar="RUN", help="list the verdicts that differ from RUN"
    )
    evaluate.add_argument("--save", type=Path, metavar="RUN", help="save this run's answers")
    evaluate.add_argument(
        "--misses", action=argparse.BooleanOptionalAction, default=True, help="list every miss"
    )
    evaluate.add_argument(
        "--strict", action="store_true", help="exit 1 when a file misses a target (for CI)"
    )
    evaluate.set_defaults(func=_cmd_eval)


def _cmd_rules_check(args: argparse.Namespace) -> int:
    from bot.advice.advisor import Advisor
    from bot.advice.example_check import misrouted_examples
    from bot.advice.rulebook_file import load_rulebook
    from bot.nudges.plan_file import load_plan

    directory: Path = args.directory or load_settings().rules_dir
    problems: list[str] = []
    summary: list[str] = []
    known: set[str] | None = None
    try:
        book = load_rulebook(directory)
        known = {rule.id for rule in book.rules}
        examples = sum(len(rule.examples) for rule in book.rules)
        summary.append(
            f"{len(book.rules)} advice rules, {examples} examples each decided by its rule"
        )
        problems.extend(misrouted_examples(Advisor(book)))
    except RulebookError as error:
        problems.extend(error.problems)
    if (directory / "review").is_dir():
        from bot.review.rules_check import check_review_rules

        try:
            summary.append(check_review_rules(directory / "review", known))
        except RulebookError as error:
            problems.extend(error.problems)
    plan_file = directory / "plan.yaml"
    if plan_file.exists():
        try:
            plan = load_plan(plan_file)
            summary.append(f"a nudge plan of {len(plan.steps)} steps")
        except RulebookError as error:
            problems.extend(error.problems)
    if problems:
        print(RulebookError(problems), file=sys.stderr)
        return 1
    print(f"{directory}: OK — " + ", ".join(summary))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from bot.advice.baseline import changes, load_run, render_changes, save_run
    from bot.advice.evaluation import Answer, CasesError, evaluate, load_cases

    try:
        files = [(path, load_cases(path)) for path in args.files]
        baseline = load_run(args.baseline) if args.baseline else None
    except (CasesError, OSError) as error:
        print(f"afterview eval: {error}", file=sys.stderr)
        return 2
    advisor = advice_source()
    met = True
    answers: list[Answer] = []
    for path, cases in files:
        report = evaluate(advisor, cases, str(path))
        text = report.render(misses=args.misses)
        print(text + "\n")
        met = met and report.meets_targets()
        answers.extend(report.answers)
    if baseline is not None:
        found = changes(baseline, answers)
        print(render_changes(found, len([a for a in answers if a.question in baseline])))
    if args.save:
        save_run(answers, args.save)
    return 1 if args.strict and not met else 0


def advice_source() -> AdviceSource:
    """The advisor `ask` and `eval` use: the rulebook's, and the language-model mode when
    `AFTERVIEW_LLM_URL` is set (see README); both as `bot.config.Settings` says."""
    from bot.advice.advisor import Advisor

    settings = load_settings()
    advisor = Advisor.from_dir(settings.rules_dir)
    if settings.llm is None:
        return advisor
    from bot.advice.llm import LlmAdvisor

    return LlmAdvisor(advisor, settings.llm)
