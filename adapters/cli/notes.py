"""`afterview review` and `eval-notes`: the note reviewer from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.cli.common import Subparsers
from bot.rulefiles import RulebookError

if TYPE_CHECKING:
    pass

REVIEW_KINDS = ("thank-you", "follow-up", "rejection-reply", "withdraw", "linkedin")
"""The same as `bot.review.values.KINDS`, kept here so that `--help` loads no dictionary."""


def register(sub: Subparsers) -> None:
    """Add these sub-commands to the `afterview` parser."""
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


def _cmd_review(args: argparse.Namespace) -> int:
    from bot.review.reply import review_record, review_reply
    from bot.review.reviewer import Reviewer
    from bot.review.values import MAX_NOTE, NoteContext

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
