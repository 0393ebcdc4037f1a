"""The `afterview` command: ask, chat, run, serve, rules check, eval, nudges, plan, discord sync,
config example.

Imports stay inside the sub-commands so that `afterview ask` answers without loading the
database, the scheduler or a platform library. Every failure a user can cause ends in one
``afterview: ...`` line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from adapters.cli import ask, notes, operators, rulebook, running
from adapters.cli.common import say
from adapters.cli.rulebook import advice_source
from bot.config import SettingsError
from bot.core.ports import StartupError
from bot.rulefiles import RulebookError

log = logging.getLogger("afterview")

__all__ = ["advice_source", "main"]


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
        say(error)
        return 2
    except (StartupError, RulebookError) as error:
        say(error)
        return 1
    except BrokenPipeError:
        # The reader went away (`afterview ask --batch f | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # the last line of defence: a bug, said in one line
        log.debug("unexpected error", exc_info=True)
        say(
            f"unexpected error: {type(error).__name__}: {error} "
            "(AFTERVIEW_LOG_LEVEL=DEBUG shows more)"
        )
        return 1
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afterview",
        description="Afterview, a coach for the days after a job interview.",
    )
    sub = parser.add_subparsers(metavar="COMMAND")
    for module in (ask, notes, running, rulebook, operators):
        module.register(sub)
    return parser
