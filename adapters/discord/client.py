"""The discord.py client: slash commands, persistent components and DMs, wired to a responder.

The client is built before the core exists (the runner asks for the notifier first); the
responder is attached at start, and anything that arrives before that gets a polite
"starting up" answer rather than silence.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.commands import build_tree
from adapters.discord.config import DiscordConfig
from adapters.discord.render import NO_MENTIONS
from adapters.discord.responder import Responder
from adapters.discord.views import ActionButton, ActionMenu, is_ours

log = logging.getLogger(__name__)

MAX_RATELIMIT_WAIT = 30.0
"""Longest 429 wait discord.py may sleep through; longer ones surface as errors we handle."""

STARTING = "I'm just starting up; please try again in a moment."
UNKNOWN_CONTROL = "That button is no longer valid. Type /help to see what I can do."
CLOSED_FORM = (
    "That form has closed (forms stay open for 15 minutes), so nothing was saved. "
    "Open it again with the same button or command."
)


def intents() -> discord.Intents:
    """Only what we use, nothing privileged: servers (for discord.py's state) and DMs (whose
    content needs no message-content intent). Interactions need no intent at all."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.dm_messages = True
    return wanted


class AfterviewClient(discord.Client):
    """Serves the slash commands, our components after restarts, and DMs to the bot."""

    def __init__(self, **options: Any) -> None:
        super().__init__(
            intents=intents(),
            allowed_mentions=NO_MENTIONS,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            **options,
        )
        self.afterview: Responder | None = None
        self.tree = build_tree(self, self._answer_command)

    async def setup_hook(self) -> None:
        # Registered patterns, not message ids: every button we ever sent dispatches again.
        self.add_dynamic_items(ActionButton, ActionMenu)

    async def _answer_command(
        self,
        interaction: discord.Interaction[Any],
        command: str,
        text: str,
        fields: dict[str, str],
    ) -> None:
        if self.afterview is None:
            await interaction.response.send_message(
                STARTING, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        await self.afterview.answer_command(interaction, command, text, fields)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """A click on a component that is not ours (an id from elsewhere, or a malformed one),
        and a form sent to a modal that is no longer open, get a clear answer instead of
        Discord's "This interaction failed"."""
        custom_id = str(dict(interaction.data or {}).get("custom_id", ""))
        if interaction.type is discord.InteractionType.modal_submit:
            await self._closed_form(interaction, custom_id)
        elif interaction.type is discord.InteractionType.component and not is_ours(custom_id):
            await interaction.response.send_message(
                UNKNOWN_CONTROL, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    async def _closed_form(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        if self.afterview is not None and self.afterview.open_modals.is_open(custom_id):
            return  # discord.py hands it to the modal, which answers
        await interaction.response.send_message(
            STARTING if self.afterview is None else CLOSED_FORM,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    async def on_message(self, message: discord.Message) -> None:
        """Free text in a DM goes to the core; server messages are not ours to read."""
        if message.guild is not None or message.author.bot or self.afterview is None:
            return
        if not isinstance(message.channel, discord.DMChannel):
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        if not message.content.strip():
            return
        await self.afterview.answer_message(message)


class ShardedAfterviewClient(AfterviewClient, discord.AutoShardedClient):
    """The same client, with discord.py running the shards (large deployments).

    discord.py connects its shards to the address that ``/gateway/bot`` names unless a shard
    count is set; with a configured gateway (`fixed_gateway`), only the recommended count is
    taken from there, so the shards connect to the configured address.
    """

    def __init__(self, *, fixed_gateway: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self._fixed_gateway = fixed_gateway

    async def launch_shards(self) -> None:
        if self._fixed_gateway and self.shard_count is None and not self.is_closed():
            self.shard_count, _, _ = await self.http.get_bot_gateway()
        await super().launch_shards()


class _NoVoiceNotice(logging.Filter):
    """discord.py warns at every start that voice libraries are missing; Afterview has no voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


NO_VOICE_NOTICE = _NoVoiceNotice()


def make_client(config: DiscordConfig) -> AfterviewClient:
    """The client the configuration asks for: sharded or not."""
    logging.getLogger("discord.client").addFilter(NO_VOICE_NOTICE)
    if config.sharded:
        return ShardedAfterviewClient(
            shard_count=config.shard_count, fixed_gateway=config.gateway_url is not None
        )
    return AfterviewClient()
