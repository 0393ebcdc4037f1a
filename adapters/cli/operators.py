"""Operator commands: nudges, plan, export, forget, discord sync, config example."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.cli.common import Subparsers, load_settings
from bot.config import SettingsError

if TYPE_CHECKING:
    pass


def register(sub: Subparsers) -> None:
    """Add these sub-commands to the `afterview` parser."""
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
    services = Services.build(load_settings())
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

    settings = load_settings()
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
        config = DiscordConfig.from_settings(load_settings().variables)
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
