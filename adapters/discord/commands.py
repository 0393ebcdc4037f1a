"""The slash commands users see, mapped onto the core's commands.

Each command only gathers its options and hands them to the core as a `Request` (the
options also go in `Request.fields`); the core decides what they mean. Every command works in
servers and in DMs, whether the bot was added to a server or installed by the user.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands

from adapters.discord.render import NO_MENTIONS, render
from adapters.discord.wording import slash_help

AnswerCommand = Callable[[discord.Interaction[Any], str, str, dict[str, str]], Awaitable[None]]
"""`answer(interaction, core_command, text, fields)`: the responder's `answer_command`.

Typed options travel as `fields`, which the core reads as they are; `text` is free text only
(``/ask``'s question, ``/link``'s code).
"""

MAX_CHOICES = 25
"""Discord shows at most 25 autocomplete choices."""

EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
ANY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)

RETIRED_COMMAND = (
    "That command is no longer offered (it is left over from an older version). "
    "Type /help to see what I can do."
)
OUTDATED_COMMAND = (
    "That command has changed since Discord last heard of it, so I couldn't read it. Type it "
    "again from the list (it may take a moment to refresh), or DM me the one line, e.g. "
    "'interviewed Acme today 2pm with Dana Lee'."
)

COMMAND_NAMES = (
    "interviewed",
    "ask",
    "review",
    "nudges",
    "outcome",
    "settings",
    "link",
    "unlink",
    "export",
    "forget-me",
    "help",
)
"""Our Discord command names, in the order `sync` registers them."""


@functools.cache
def _timezones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def timezone_choices(current: str) -> list[app_commands.Choice[str]]:
    """IANA zones matching what was typed so far: prefix matches first, then substrings."""
    typed = current.strip().lower().replace(" ", "_")
    zones = _timezones()
    if not typed:
        picks = [z for z in zones if "/" in z and not z.startswith("Etc/")][:MAX_CHOICES]
    else:
        prefix = [z for z in zones if z.lower().startswith(typed)]
        inner = [z for z in zones if typed in z.lower() and z not in prefix]
        picks = (prefix + inner)[:MAX_CHOICES]
    return [app_commands.Choice(name=z, value=z) for z in picks]


def _present(**options: str | None) -> dict[str, str]:
    return {k: v.strip() for k, v in options.items() if v is not None and v.strip()}


class AfterviewTree(app_commands.CommandTree[Any]):
    """The command tree, answering commands it no longer has (or has with other options,
    such as ``/interviewed`` before its company and time were required) instead of leaving
    them silent.

    Discord keeps offering a command registered by an older version until the next
    ``afterview discord sync``; without an answer the user sees "The application did not
    respond".
    """

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        stale = {
            app_commands.CommandNotFound: RETIRED_COMMAND,
            app_commands.CommandSignatureMismatch: OUTDATED_COMMAND,
        }.get(type(error))
        if (
            stale is not None
            and interaction.type is discord.InteractionType.application_command
            and not interaction.response.is_done()
        ):
            await interaction.response.send_message(
                stale, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        await super().on_error(interaction, error)


def build_tree(client: discord.Client, answer: AnswerCommand) -> app_commands.CommandTree[Any]:
    """A command tree on `client` whose commands all answer through `answer`."""
    tree = AfterviewTree(client, allowed_contexts=EVERYWHERE, allowed_installs=ANY_INSTALL)

    @tree.command(name="interviewed", description="Tell me about an interview you just had")
    @app_commands.describe(
        company="Company you interviewed with",
        when="When, e.g. 'yesterday 3pm' or 'Tue 10:30'",
        interviewer="Who interviewed you (several: 'Dana Lee, Sam Roe')",
        role="The role you applied for",
    )
    async def interviewed(
        interaction: discord.Interaction[Any],
        company: str,
        when: str,
        interviewer: str | None = None,
        role: str | None = None,
    ) -> None:
        # The options go in `fields` as typed (the core's parser reads them). Without the
        # interviewers or the role, the core's reply carries a button whose form (a modal)
        # adds them; the one-line form ("interviewed Acme today 2pm") is for DMs.
        fields = _present(company=company, when=when, interviewer=interviewer, role=role)
        await answer(interaction, "interviewed", "", fields)

    @tree.command(name="ask", description="Is it okay to ...? A verdict, why, and what instead")
    @app_commands.describe(question="e.g. 'is it okay to add my interviewer on LinkedIn?'")
    async def ask(interaction: discord.Interaction[Any], question: str) -> None:
        await answer(interaction, "ask", question, _present(question=question))

    @tree.command(name="review", description="I read your note over before you send it")
    @app_commands.describe(interview="Check it against this interview (its number in /nudges)")
    async def review(
        interaction: discord.Interaction[Any],
        interview: app_commands.Range[int, 1] | None = None,
    ) -> None:
        # The core answers with a form: the note is pasted into a modal.
        await answer(
            interaction, "review", "", _present(interview=str(interview) if interview else None)
        )

    @tree.command(name="nudges", description="Your interviews and upcoming nudges")
    async def nudges(interaction: discord.Interaction[Any]) -> None:
        await answer(interaction, "list", "", {})

    @tree.command(name="outcome", description="Record how an interview turned out")
    @app_commands.describe(
        result="What happened",
        interview="Which interview (its number in /nudges), if you have several",
        by="Still waiting: when they said they'd decide, e.g. 'Friday'",
    )
    @app_commands.choices(
        result=[
            app_commands.Choice(name="Got an offer", value="offer"),
            app_commands.Choice(name="Rejected", value="rejected"),
            app_commands.Choice(name="I withdrew", value="withdrawn"),
            app_commands.Choice(name="Still waiting for a decision", value="pending"),
        ]
    )
    async def outcome(
        interaction: discord.Interaction[Any],
        result: app_commands.Choice[str],
        interview: app_commands.Range[int, 1] | None = None,
        by: str | None = None,
    ) -> None:
        fields = _present(
            result=result.value, interview=str(interview) if interview else None, by=by
        )
        await answer(interaction, "outcome", "", fields)

    @tree.command(name="settings", description="Your timezone, quiet hours and weekend nudges")
    @app_commands.describe(
        timezone="Your timezone, e.g. Europe/Paris",
        quiet_hours="No nudges between these times, e.g. 21:00-08:00, or 'off'",
        weekends="Nudge me on weekends?",
        nudges="Where nudges arrive (a linked account)",
    )
    @app_commands.choices(
        weekends=[
            app_commands.Choice(name="Yes", value="on"),
            app_commands.Choice(name="No", value="off"),
        ],
        nudges=[
            app_commands.Choice(name="Discord", value="discord"),
            app_commands.Choice(name="Slack", value="slack"),
            app_commands.Choice(name="The terminal", value="terminal"),
        ],
    )
    async def settings(
        interaction: discord.Interaction[Any],
        timezone: str | None = None,
        quiet_hours: str | None = None,
        weekends: app_commands.Choice[str] | None = None,
        nudges: app_commands.Choice[str] | None = None,
    ) -> None:
        fields = _present(
            timezone=timezone,
            quiet_hours=quiet_hours,
            weekends=weekends.value if weekends else None,
            nudges=nudges.value if nudges else None,
        )
        await answer(interaction, "settings", "", fields)

    @settings.autocomplete("timezone")
    async def settings_timezone(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return timezone_choices(current)

    @tree.command(name="link", description="Join your Slack, Discord and terminal accounts")
    @app_commands.describe(code="The code from `link` on your other account; empty for a new one")
    async def link(interaction: discord.Interaction[Any], code: str | None = None) -> None:
        await answer(interaction, "link", (code or "").strip(), {})

    @tree.command(name="unlink", description="Separate this account from your linked ones")
    async def unlink(interaction: discord.Interaction[Any]) -> None:
        await answer(interaction, "unlink", "", {})

    @tree.command(name="export", description="Everything I keep about you, as private files")
    async def export(interaction: discord.Interaction[Any]) -> None:
        await answer(interaction, "export", "", {})

    @tree.command(name="forget-me", description="Delete everything I keep about you")
    async def forget_me(interaction: discord.Interaction[Any]) -> None:
        await answer(interaction, "forget-me", "", {})

    help_embed: list[discord.Embed] = []  # rendered at the first /help: the tree is complete then

    @tree.command(name="help", description="What I can do, with examples")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        if not help_embed:
            help_embed.append(render(slash_help(tree)).embed)
        await interaction.response.send_message(
            embed=help_embed[0], ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    return tree
