"""The `afterview` command: ask, chat, run, serve, rules check, eval, nudges, plan, discord sync,
config example.

Imports stay inside the sub-commands so that `afterview ask` answers without loading the
database, the scheduler or a platform library. Every failure a user can cause ends in one
``afterview: ...`` line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from bot.config import Settings, SettingsError, load_environment
from bot.core.ports import StartupError
from bot.rulefiles import RulebookError

if TYPE_CHECKING:
    from adapters.runner import Mode
    from bot.core.coach import AdviceSource

REVIEW_KINDS = ("thank-you", "follow-up", "rejection-reply", "withdraw", "linkedin")
"""The same as `bot.review.values.KINDS`, kept here so that `--help` loads no dictionary."""

log = logging.getLogger("afterview")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except SettingsError as error:
        _say(error)
        return 2
    except (StartupError, RulebookError) as error:
        _say(error)
        return 1
    except BrokenPipeError:
        # The reader went away (`afterview ask --batch f | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # the last line of defence: a bug, said in one line
        log.debug("unexpected error", exc_info=True)
        _say(
            f"unexpected error: {type(error).__name__}: {error} "
            "(AFTERVIEW_LOG_LEVEL=DEBUG shows more)"
        )
        return 1
    return code


def _say(error: object) -> None:
    for line in str(error).splitlines() or ["failed"]:
        print(f"afterview: {line}", file=sys.stderr)


def _settings() -> Settings:
    """The settings from the environment and the env files (see `bot.config`)."""
    return Settings.from_env(load_environment())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afterview",
        description="Afterview, a coach for the days after a job interview.",
    )
    sub = parser.add_subparsers(metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer an 'is it okay to ...?' question")
    ask.add_argument("question", nargs="*", help="the question (omit with --batch)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--batch", metavar="FILE", help="one question per line; '-' for stdin")
    ask.set_defaults(func=_cmd_ask)

    review = sub.add_parser("review", help="read over a thank-you or follow-up note")
    review.add_argument("file", metavar="FILE", help="the note; '-' for stdin")
    review.add_argument("--json", action="store_true", help="print one JSON object")
    review.add_argument("--company", help="the company the note is for")
    review.add_argument("--interviewer", help="the interviewer's name (NAME[,NAME])")
    review.add_argument("--kind", choices=REVIEW_KINDS, help="what kind of note it is")
    review.set_defaults(func=_cmd_review)

    eval_notes = sub.add_parser("eval-notes", help="measure the note reviewer on labelled notes")
    eval_notes.add_argument("file", type=Path, help="YAML: notes: [{id, text, expect: [...]}]")
    eval_notes.set_defaults(func=_cmd_eval_notes)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--user", metavar="NAME", help="who you are here (default: login name)")
    chat.set_defaults(func=_runner("chat"))

    run = sub.add_parser(
        "run", help="start the bot: Slack/Discord when configured, else the terminal chat"
    )
    run.set_defaults(func=_runner("auto"))

    serve = sub.add_parser("serve", help="like run, but never starts the terminal chat")
    serve.set_defaults(func=_runner("serve"))

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

    nudges = sub.add_parser("nudges", help="list nudges and their states (for operators)")
    nudges.add_argument("--json", action="store_true", help="print JSON")
    nudges.add_argument("--user", metavar="PLATFORM:WORKSPACE:USER", help="only this user's nudges")
    nudges.set_defaults(func=_cmd_nudges)

    plan = sub.add_parser(
        "plan", help="show what /interviewed would register for a line, saving nothing"
    )
    plan.add_argument("text", help='the line, e.g. "Acme yesterday 3pm with Dana Lee"')
    plan.add_argument("--tz", metavar="ZONE", help="the user's timezone (default: the configured)")
    plan.add_argument("--now", metavar="ISO-TIME", help="read the line as if it were this time")
    plan.add_argument("--json", action="store_true", help="print one JSON object")
    plan.set_defaults(func=_cmd_plan)

    export = sub.add_parser("export", help="write everything stored about a person to files")
    export.add_argument("--user", metavar="PLATFORM:WORKSPACE:USER", required=True)
    export.add_argument("--out", metavar="DIR", default=".", help="folder for the files")
    export.set_defaults(func=_cmd_export)
    forget = sub.add_parser("forget", help="delete everything stored about a person")
    forget.add_argument("--user", metavar="PLATFORM:WORKSPACE:USER", required=True)
    forget.set_defaults(func=_cmd_forget)

    discord = sub.add_parser("discord", help="Discord set-up tasks")
    discord_sub = discord.add_subparsers(metavar="ACTION")
    sync = discord_sub.add_parser("sync", help="register the slash commands with Discord")
    sync.set_defaults(func=_cmd_discord_sync)

    config = sub.add_parser("config", help="work with the settings")
    config_sub = config.add_subparsers(metavar="ACTION")
    example = config_sub.add_parser(
        "example", help="print every setting with its meaning (deploy/afterview.env.example)"
    )
    example.set_defaults(func=_cmd_config_example)
    return parser


# -- ask ----------------------------------------------------------------------------------------


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.advice.reply import advice_reply

    advisor = advice_source()
    if args.batch:
        try:
            lines: Iterable[BatchLine] = _read_lines(args.batch)
        except OSError as error:
            print(f"afterview ask: cannot read {args.batch}: {error.strerror}", file=sys.stderr)
            return 2
    else:
        joined = " ".join(args.question).strip()
        if not joined:
            print('afterview ask: give a question, e.g. afterview ask "is it okay to call?"')
            return 2
        lines = [BatchLine(1, joined, None)]
    out = sys.stdout
    problems = 0
    for line in lines:
        if line.error is not None:
            problems += 1
            if args.json:
                out.write(json.dumps({"line": line.number, "error": line.error}) + "\n")
            else:
                out.write(f"line {line.number}: {line.error}\n\n")
            out.flush()
            continue
        question = line.text or ""
        advice = advisor.advise(question)
        reply = advice_reply(advice)
        if args.json:
            record = {
                "question": question,
                "verdict": advice.verdict.value,
                "rule": advice.rule_id,
                "answer": reply.plain(),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(reply.plain() + "\n\n")
        out.flush()
    return 1 if problems else 0


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One non-blank line of a batch: its question, or why it cannot be asked."""

    number: int
    text: str | None
    error: str | None


def _read_lines(name: str) -> Iterator[BatchLine]:
    """Questions one per line, read as bytes so that a bad line costs only itself: invalid
    UTF-8 or an over-long line becomes an error in its place, and the rest are still asked.
    Opens the file at once (an unreadable file is an `OSError` before any output)."""
    stream: BinaryIO = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
    return _batch_lines(stream, close=stream is not sys.stdin.buffer)


def _batch_lines(stream: BinaryIO, *, close: bool) -> Iterator[BatchLine]:
    from bot.core.coach import MESSAGE_MAX

    most_bytes = MESSAGE_MAX * 4  # UTF-8 needs at most 4 bytes a character
    too_long = f"longer than {MESSAGE_MAX} characters; ask it in a sentence or two"
    try:
        number = 0
        while raw := stream.readline(most_bytes + 1):
            number += 1
            if len(raw) > most_bytes and not raw.endswith(b"\n"):
                while (rest := stream.readline(65536)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the line without holding it
                yield BatchLine(number, None, too_long)
                continue
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError as error:
                yield BatchLine(number, None, f"not valid UTF-8 (byte {error.start + 1})")
                continue
            if len(text) > MESSAGE_MAX:
                yield BatchLine(number, None, too_long)
            elif text:
                yield BatchLine(number, text, None)
    finally:
        if close:
            stream.close()


# -- review -------------------------------------------------------------------------------------


def _cmd_review(args: argparse.Namespace) -> int:
    from bot.review.reply import review_record, review_reply
    from bot.review.reviewer import Reviewer
    from bot.review.values import MAX_NOTE, NoteContext
    from bot.rulefiles import RulebookError

    try:
        if args.file == "-":
            text = sys.stdin.read(MAX_NOTE + 1)
        else:
            with open(args.file, encoding="utf-8", errors="replace") as stream:
                text = stream.read(MAX_NOTE + 1)
    except OSError as error:
        print(f"afterview review: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        reviewer = Reviewer.from_dir()
    except RulebookError as error:
        print(error, file=sys.stderr)
        return 1
    people = tuple(p.strip() for p in (args.interviewer or "").split(",") if p.strip())
    context = NoteContext(kind=args.kind, company=args.company, interviewers=people)
    review = reviewer.review(text, context)
    reply = review_reply(review, reviewer.rules)
    if args.json:
        print(json.dumps(review_record(review, reply), ensure_ascii=False))
    else:
        print(reply.plain())
    return 0


def _cmd_eval_notes(args: argparse.Namespace) -> int:
    from bot.review.evaluation import NotesError, evaluate_notes, load_notes
    from bot.review.reviewer import Reviewer

    try:
        notes = load_notes(args.file)
    except (NotesError, OSError) as error:
        print(f"afterview eval-notes: {error}", file=sys.stderr)
        return 2
    report = evaluate_notes(Reviewer.from_dir(), notes)
    print(report.render())
    return 0 if report.meets_targets() else 1


# -- chat, run, serve ---------------------------------------------------------------------------


def _runner(mode: Mode) -> Callable[[argparse.Namespace], int]:
    """The sub-command that starts the bot in `mode` (see `adapters.runner.run`)."""

    def start(args: argparse.Namespace) -> int:
        from adapters.runner import run

        return run(load_environment(), mode=mode, user=getattr(args, "user", None))

    return start


# -- rules, eval --------------------------------------------------------------------------------


def _cmd_rules_check(args: argparse.Namespace) -> int:
    from bot.advice.advisor import Advisor
    from bot.advice.example_check import misrouted_examples
    from bot.advice.rulebook_file import load_rulebook
    from bot.nudges.plan_file import load_plan

    directory: Path = args.directory or _settings().rules_dir
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
        text = report.render() if args.misses else report.render().split("\n\nMisses")[0]
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

    settings = _settings()
    advisor = Advisor.from_dir(settings.rules_dir)
    if settings.llm is None:
        return advisor
    from bot.advice.llm import LlmAdvisor

    return LlmAdvisor(advisor, settings.llm)


# -- operators ----------------------------------------------------------------------------------


def _cmd_nudges(args: argparse.Namespace) -> int:
    from bot.core.messages import Identity
    from bot.nudges.report import nudges_report
    from bot.services import Services

    user: Identity | None = None
    if args.user:
        parts = args.user.split(":")
        if len(parts) != 3 or not all(parts):
            print("afterview nudges: --user takes PLATFORM:WORKSPACE:USER", file=sys.stderr)
            return 2
        user = Identity(*parts)
    services = Services.build(_settings())
    try:
        rows = nudges_report(services, user=user)
    finally:
        services.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str, indent=2))
    else:
        for row in rows:
            print(
                f"{row['id']:>6}  {row['state']:<9}  {row['due']}  {row['step']:<16}"
                f"  {row['platform']}:{row['user']}  {row['company']}"
            )
        print(f"{len(rows)} nudge(s)")
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.interviews.preview import preview
    from bot.interviews.when.zones import closest_zone, find_zone
    from bot.nudges.plan_file import load_plan

    settings = _settings()
    zone = find_zone(args.tz) if args.tz else settings.timezone
    if zone is None:
        guess = closest_zone(args.tz)
        hint = f" Did you mean {guess}?" if guess else " Use a city or an IANA name."
        print(f"afterview plan: unknown timezone {args.tz!r}.{hint}", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            print("afterview plan: --now takes an ISO time, e.g. 2026-11-22T10:00", file=sys.stderr)
            return 2
        now = now if now.tzinfo is not None else now.replace(tzinfo=zone)
    result = preview(args.text, now=now, zone=zone, plan=load_plan(settings.plan_path))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    elif result["question"] is not None:
        print(result["question"])
    else:
        print(f"{result['company']} — {result['when']}")
        for note in result["assumed"]:
            print(f"  {note}")
        for nudge in result["nudges"]:
            print(f"  {nudge['due']}  {nudge['step']}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from adapters.console.export_command import export_to_folder

    return export_to_folder(args.user, Path(args.out))


def _cmd_forget(args: argparse.Namespace) -> int:
    from adapters.console.export_command import forget_for_operator

    return forget_for_operator(args.user)


def _cmd_discord_sync(args: argparse.Namespace) -> int:
    import asyncio

    from adapters.discord.config import DiscordConfig
    from adapters.discord.sync import sync_commands

    try:
        config = DiscordConfig.from_settings(_settings().variables)
    except SettingsError:
        raise
    except ValueError as error:  # a DISCORD_* combination that cannot work
        raise SettingsError(str(error)) from None
    if config is None:
        print(
            "afterview discord sync: set DISCORD_TOKEN first (see deploy/discord.md)",
            file=sys.stderr,
        )
        return 2
    names = asyncio.run(sync_commands(config))
    print("Registered: " + ", ".join(f"/{n}" for n in names))
    return 0


def _cmd_config_example(args: argparse.Namespace) -> int:
    from bot.config_example import example_file

    sys.stdout.write(example_file())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
