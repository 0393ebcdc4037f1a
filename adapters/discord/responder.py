"""Answer Discord interactions and DMs with the core's replies, always within 3 seconds.

`Coach.handle` is synchronous; it runs on one worker thread so that a slow database call
never stalls the gateway heartbeat, and one thread keeps the core's calls in order. A request
the core answers from memory (`/ask` with the rulebook, `/help`) runs on the event loop
instead: the thread hop and the wake-up back cost more than the answer. If the core has not
answered after `defer_after` seconds the interaction is deferred (Discord then allows 15
minutes) and the reply follows; otherwise it is the direct response.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import discord

from adapters.discord.forms import FormModal, OpenModals, fits
from adapters.discord.render import NO_MENTIONS, Rendered, render
from adapters.discord.wording import for_discord
from bot.core.coach import Coach
from bot.core.messages import Action, Identity, Reply, Request

log = logging.getLogger(__name__)

_T = TypeVar("_T")

PLATFORM = "discord"
WORKSPACE = "discord"
"""Discord user ids are global, so one user is one identity in every server and in DMs."""

DEFER_AFTER = 1.0
"""Seconds to wait for the core before deferring; leaves room for network delays within 3 s."""

EXPIRED = 10062
"""Discord's "Unknown interaction": the 3-second window closed before our answer arrived."""


def identity_of(user: discord.abc.User) -> Identity:
    return Identity(platform=PLATFORM, workspace=WORKSPACE, user=str(user.id))


class Responder:
    """Turns interactions and DMs into core requests and answers them.

    `on_seen(user_id)` runs before each request a user makes reaches the core; the notifier
    uses it to try the user's DMs again, as the core then tells them how to open them.
    """

    def __init__(
        self,
        coach: Coach,
        *,
        on_seen: Callable[[str], None] | None = None,
        defer_after: float = DEFER_AFTER,
        threaded: bool = True,
    ) -> None:
        self.coach = coach
        self._on_seen = on_seen
        self.defer_after = defer_after
        self._threaded = threaded
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="afterview-discord")
        self.open_modals = OpenModals()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _ask(self, request: Request) -> asyncio.Future[Reply]:
        return self._run(self._handle, request)

    def _run(
        self, work: Callable[[_T], Reply], arg: _T, *, inline: bool = False
    ) -> asyncio.Future[Reply]:
        """`work(arg)` on the worker thread, or on the loop when `inline` (the core answers
        from memory) or the responder was built with threaded=False (bench/bench_discord.py
        measures what the thread costs that way)."""
        loop = asyncio.get_running_loop()
        if self._threaded and not inline:
            return loop.run_in_executor(self._executor, work, arg)
        done: asyncio.Future[Reply] = loop.create_future()
        done.set_result(work(arg))
        return done

    def _handle(self, request: Request) -> Reply:
        # First: the core may resume this user's nudges while handling the request.
        if self._on_seen is not None:
            self._on_seen(request.who.user)
        return for_discord(self.coach.handle(request))

    async def _within_window(self, pending: asyncio.Future[Reply]) -> Reply | None:
        """The reply if the core answers in time, else None (the caller defers)."""
        if pending.done():
            return pending.result()
        done, _ = await asyncio.wait({pending}, timeout=self.defer_after)
        return pending.result() if done else None

    # -- slash commands -----------------------------------------------------------------

    async def answer_command(
        self,
        interaction: discord.Interaction[Any],
        command: str,
        text: str,
        fields: dict[str, str] | None = None,
    ) -> None:
        """Answer `/command` with the core's reply: ephemeral unless the reply is public."""
        async with _expiry_noted(interaction):
            who = identity_of(interaction.user)
            request = Request(who=who, text=text, command=command, fields=dict(fields or {}))
            await self._answer_command(interaction, request)

    async def _answer_command(
        self, interaction: discord.Interaction[Any], request: Request
    ) -> None:
        pending = self._run(self._handle, request, inline=self.coach.answers_from_memory(request))
        reply = await self._within_window(pending)
        if reply is not None:
            if not await self._open_form(interaction, reply):
                await self._send_response(interaction, reply)
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
            reply = await pending
            shown = render(reply)
            await interaction.followup.send(
                embed=shown.embed, ephemeral=True, allowed_mentions=NO_MENTIONS, **_view(shown)
            )
        if reply.files:  # an export: the files follow where only the user sees them
            await interaction.followup.send(
                files=discord_files(reply), ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    async def _open_form(self, interaction: discord.Interaction[Any], reply: Reply) -> bool:
        """Answer with the reply's form as a modal, where Discord allows one (not in answer
        to a modal's own submission); False when the reply is to be shown instead."""
        if reply.form is None or not fits(reply.form):
            return False
        if interaction.type is discord.InteractionType.modal_submit:
            return False
        modal = FormModal(reply.form, identity_of(interaction.user), self.answer_submission)
        await interaction.response.send_modal(modal)
        self.open_modals.opened(modal.custom_id)
        return True

    async def answer_submission(
        self, interaction: discord.Interaction[Any], request: Request
    ) -> None:
        """A modal of ours was submitted: its answer is the reply, ephemeral."""
        async with _expiry_noted(interaction):
            await self._answer_command(interaction, request)

    async def _send_response(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        shown = render(reply)
        await interaction.response.send_message(
            embed=shown.embed,
            ephemeral=reply.private,
            allowed_mentions=NO_MENTIONS,
            **_view(shown),
        )

    # -- clicks on our components ---------------------------------------------------------

    async def answer_action(self, interaction: discord.Interaction[Any], action: Action) -> None:
        """Answer a click: the reply replaces the clicked message where only the user sees it.

        On a message others can see (a public reply in a server channel) the answer comes as a
        new ephemeral message instead, so one user's click never rewrites what others read.
        """
        async with _expiry_noted(interaction):
            await self._answer_action(interaction, action)

    async def _answer_action(self, interaction: discord.Interaction[Any], action: Action) -> None:
        request = Request(who=identity_of(interaction.user), action=action)
        pending = self._ask(request)
        in_place = _private_message(interaction)
        reply = await self._within_window(pending)
        if reply is not None and await self._open_form(interaction, reply):
            return
        if reply is not None:
            shown = render(reply)
            if in_place:
                await interaction.response.edit_message(
                    embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS
                )
            else:
                await self._send_response(interaction, reply)
            return
        if in_place:
            await interaction.response.defer()
            shown = render(await pending)
            await interaction.edit_original_response(
                embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS
            )
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
            shown = render(await pending)
            await interaction.followup.send(
                embed=shown.embed, ephemeral=True, allowed_mentions=NO_MENTIONS, **_view(shown)
            )

    # -- direct messages ----------------------------------------------------------------

    async def answer_message(self, message: discord.Message) -> None:
        """A DM to the bot is free text for the core: a question or a typed command."""
        request = Request(who=identity_of(message.author), text=message.content)
        reply = await self._ask(request)
        shown = render(reply)
        await message.channel.send(embed=shown.embed, allowed_mentions=NO_MENTIONS, **_view(shown))
        if reply.files:  # a DM: seen by the user alone
            await message.channel.send(files=discord_files(reply), allowed_mentions=NO_MENTIONS)


@contextlib.asynccontextmanager
async def _expiry_noted(interaction: discord.Interaction[Any]) -> AsyncIterator[None]:
    """An interaction that expired in transit (gateway lag) is a warning, not a crash."""
    try:
        yield
    except discord.NotFound as error:
        if error.code != EXPIRED:
            raise
        log.warning("a Discord interaction expired before it was answered (%s)", interaction.id)


def discord_files(reply: Reply) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.content), filename=f.filename) for f in reply.files]


def _view(shown: Rendered) -> dict[str, Any]:
    """`view=` only when there is one: the typed send signatures take a view or nothing."""
    return {"view": shown.view} if shown.view is not None else {}


def _private_message(interaction: discord.Interaction[Any]) -> bool:
    """True when the clicked message is seen by the clicking user alone (DM or ephemeral)."""
    message = interaction.message
    if message is None:
        return False
    if message.flags.ephemeral:
        return True
    context = interaction.context
    if context.dm_channel:  # the user's DM with the bot
        return True
    if context.guild or context.private_channel:  # a server, or a DM/group between people
        return False
    return interaction.guild_id is None and isinstance(interaction.channel, discord.DMChannel)
