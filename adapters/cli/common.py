"""What every sub-command shares: the settings, and one way to say a failure."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.config import Settings, load_environment

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = object


def say(error: object) -> None:
    """Each line of `error` as ``afterview: ...`` on stderr."""
    for line in str(error).splitlines() or ["failed"]:
        print(f"afterview: {line}", file=sys.stderr)


def load_settings() -> Settings:
    """The settings from the environment and the env files (see `bot.config`)."""
    return Settings.from_env(load_environment())
