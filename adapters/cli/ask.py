"""`afterview ask`: one question, or a batch file, answered as text or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from adapters.cli.common import Subparsers
from adapters.cli.rulebook import advice_source

if TYPE_CHECKING:
    pass


def register(sub: Subparsers) -> None:
    """Add these sub-commands to the `afterview` parser."""
    ask = sub.add_parser("ask", help="answer an 'is it okay to ...?' question")
    ask.add_argument("question", nargs="*", help="the question (omit with --batch)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--batch", metavar="FILE", help="one question per line; '-' for stdin")
    ask.set_defaults(func=_cmd_ask)


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
