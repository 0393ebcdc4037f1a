"""`afterview chat`, `run` and `serve`: the runner, in its three modes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from adapters.cli.common import Subparsers
from bot.config import load_environment

if TYPE_CHECKING:
    from adapters.runner import Mode


def register(sub: Subparsers) -> None:
    """Add these sub-commands to the `afterview` parser."""
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--user", metavar="NAME", help="who you are here (default: login name)")
    chat.set_defaults(func=_runner("chat"))

    run = sub.add_parser(
        "run", help="start the bot: Slack/Discord when configured, else the terminal chat"
    )
    run.set_defaults(func=_runner("auto"))

    serve = sub.add_parser("serve", help="like run, but never starts the terminal chat")
    serve.set_defaults(func=_runner("serve"))


def _runner(mode: Mode) -> Callable[[argparse.Namespace], int]:
    """The sub-command that starts the bot in `mode` (see `adapters.runner.run`)."""

    def start(args: argparse.Namespace) -> int:
        from adapters.runner import run

        return run(load_environment(), mode=mode, user=getattr(args, "user", None))

    return start
