"""`afterview export --user PLATFORM:WORKSPACE:USER`: an operator writes a person's export."""

from __future__ import annotations

import sys
from pathlib import Path

from adapters.console.files import write_files


def export_to_folder(user: str, folder: Path) -> int:
    from bot.config import Settings, load_environment
    from bot.core.messages import Identity
    from bot.services import Services

    parts = user.split(":")
    if len(parts) != 3 or not all(parts):
        print("afterview export: --user takes PLATFORM:WORKSPACE:USER", file=sys.stderr)
        return 2
    services = Services.build(Settings.from_env(load_environment()))
    try:
        exported = services.privacy.export(Identity(*parts))
    finally:
        services.close()
    for path in write_files(exported.files, folder):
        print(path)
    return 0


def forget_for_operator(user: str) -> int:
    """`afterview forget --user ...`: delete a person on request (for one who cannot reach
    the bot any more, say after removing the app)."""
    from bot.config import Settings, load_environment
    from bot.core.messages import Identity
    from bot.services import Services

    parts = user.split(":")
    if len(parts) != 3 or not all(parts):
        print("afterview forget: --user takes PLATFORM:WORKSPACE:USER", file=sys.stderr)
        return 2
    services = Services.build(Settings.from_env(load_environment()))
    try:
        gone = services.privacy.forget(Identity(*parts))
    finally:
        services.close()
    print(f"deleted {gone.interviews} interview(s) and {gone.nudges} nudge(s)")
    return 0
