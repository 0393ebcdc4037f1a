"""Discord's own words: `/help` lists the slash commands and their options, and the core's
terminal forms in a reply (`list`, `settings timezone ...`) are named as the slash commands
a Discord user has (`/nudges`, `/settings`).

Commands without a slash form (``cancel I12``, ``edit I12 ...``) stay as typed: they work in a
DM to the bot, and the help says so.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from discord import app_commands

from bot.core.messages import Reply, Section, Tone

_SLASH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`list(?: all| \d+)?`"), "`/nudges`"),
    (re.compile(r"`help`"), "`/help`"),
    (re.compile(r"`settings nudges (\w+)`"), r"`/settings nudges:\1`"),
    (re.compile(r"`settings(?! nudges:)[^`]*`"), "`/settings`"),
    (re.compile(r"`link (\S+)`"), r"`/link code:\1`"),
    (re.compile(r"`link`"), "`/link`"),
    (re.compile(r"`unlink`"), "`/unlink`"),
    (re.compile(r"`export`"), "`/export`"),
    (re.compile(r"`outcome[^`]*`"), "`/outcome`"),
    (re.compile(r"`forget-me(?: confirm)?`"), "`/forget-me`"),
    # The slash forms take options, not a line: the typed example would not work after
    # "/interviewed", so the hint names the command and Discord shows its options.
    (re.compile(r"`interviewed(?: [^`]*)?`"), "`/interviewed` (company, when, interviewer)"),
    (re.compile(r"`ask ([^`]+)`"), r"`/ask question:\1`"),
    (re.compile(r"`ask`"), "`/ask`"),
)
TYPED_IN_DMS = (
    "interviewed Acme today 2pm with Dana Lee · cancel I12 · stop I12 · done N41 · "
    "snooze N41 1h · edit I12 time tomorrow 3pm · round I12 next tuesday 10am · list all"
)


def slash_named(text: str) -> str:
    """Backticked terminal commands in `text`, named as Discord's slash commands."""
    if "`" not in text:
        return text  # most replies (every piece of advice) name no command: skip the patterns
    for pattern, slash in _SLASH:
        text = pattern.sub(slash, text)
    return text


def for_discord(reply: Reply) -> Reply:
    """The reply with its command hints in Discord's terms."""
    sections = tuple(Section(slash_named(s.text), s.title) for s in reply.sections)
    return replace(reply, text=slash_named(reply.text), sections=sections)


def _usage(command: app_commands.Command[Any, Any, Any]) -> str:
    options = [p.name if p.required else f"[{p.name}]" for p in command.parameters]
    return " ".join([f"/{command.name}", *options]) + f" — {command.description}"


def slash_help(tree: app_commands.CommandTree[Any]) -> Reply:
    """Every slash command with its options ([optional]), then what a DM to me can do."""
    commands = [c for c in tree.get_commands() if isinstance(c, app_commands.Command)]
    return Reply(
        text="I'm Afterview, your coach for the days after a job interview.",
        sections=(
            Section("\n".join(_usage(c) for c in commands), title="Slash commands"),
            Section(TYPED_IN_DMS, title="In a DM to me you can also type"),
            Section(
                "Or ask a question in your own words, in /ask or a DM. Everything I say "
                "about your job hunt is private to you.",
                title="Questions",
            ),
        ),
        tone=Tone.INFO,
    )
