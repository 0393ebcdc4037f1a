"""A core `Form` as a Discord modal (``discord.ui.Modal`` with text inputs).

Discord modals hold at most five text inputs and have no date or time pickers, so a day or a
time is a short text input with an example of what may be typed (the core reads ``yesterday``
and ``3pm`` as well as ``2026-11-20`` and ``15:00``); a long text is a paragraph input. The
submission (interaction type 5) is answered by whoever opened the modal, and only by them.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.core.messages import Form, Identity, InputKind, Request

MAX_INPUTS = 5
TITLE_LIMIT = 45
LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
TEXT_LIMIT = 4000
MODAL_TIMEOUT = 15 * 60.0
"""Seconds an unanswered modal is kept in memory for its submission."""

NOT_YOUR_FORM = "That form was opened for someone else, so I didn't read it. Nothing was saved."

KIND_HINTS = {
    InputKind.DATE: "e.g. yesterday, Tue or 2026-11-20",
    InputKind.TIME: "e.g. 3pm or 15:00",
}

Answer = Callable[[discord.Interaction[Any], Request], Awaitable[None]]


class OpenModals:
    """The modals this process opened and still waits for, by custom id.

    discord.py drops a submission to a modal it no longer holds (it timed out, or the bot
    restarted since it was opened) without answering, and the user sees "This interaction
    failed"; knowing which are open lets the client answer those with a clear word instead.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until: dict[str, float] = {}

    def opened(self, custom_id: str) -> None:
        now = self._clock()
        self._until = {key: until for key, until in self._until.items() if until > now}
        self._until[custom_id] = now + MODAL_TIMEOUT

    def is_open(self, custom_id: str) -> bool:
        return self._until.get(custom_id, 0.0) > self._clock()


def fits(form: Form) -> bool:
    """Whether Discord can show the form as a modal."""
    return 0 < len(form.inputs) <= MAX_INPUTS


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FormModal(discord.ui.Modal):
    """The modal for one form, opened for one user; `answer` gets the form's answer."""

    def __init__(self, form: Form, owner: Identity, answer: Answer) -> None:
        super().__init__(title=_clip(form.title or "Afterview", TITLE_LIMIT), timeout=MODAL_TIMEOUT)
        self.form = form
        self.owner = owner
        self._answer = answer
        self.inputs: dict[str, discord.ui.TextInput[FormModal]] = {}
        for field in form.inputs[:MAX_INPUTS]:
            hint = field.placeholder or KIND_HINTS.get(field.kind, "")
            text_input: discord.ui.TextInput[FormModal] = discord.ui.TextInput(
                label=_clip(field.label, LABEL_LIMIT),
                style=(
                    discord.TextStyle.paragraph
                    if field.kind is InputKind.LONG
                    else discord.TextStyle.short
                ),
                custom_id=f"av.{field.name}",
                placeholder=_clip(hint, PLACEHOLDER_LIMIT) or None,
                default=field.initial[:TEXT_LIMIT] or None,
                required=field.required,
                max_length=min(field.max_length, TEXT_LIMIT),
            )
            self.inputs[field.name] = text_input
            self.add_item(text_input)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only the person the form was opened for may send it; anyone else is told so
        privately (and nothing of theirs is read) instead of "This interaction failed"."""
        if str(interaction.user.id) == self.owner.user:
            return True
        await interaction.response.send_message(
            NOT_YOUR_FORM, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
        return False

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        # Read this submission's own payload: discord.py writes every submission into the
        # shared inputs before `interaction_check`, so a refused one would otherwise leave its
        # values behind for an input the owner's submission does not carry.
        sent = submitted_values(interaction.data)
        values = {
            name: sent.get(text_input.custom_id, "") for name, text_input in self.inputs.items()
        }
        await self._answer(interaction, self.form.answer(self.owner, values))


def submitted_values(data: Any) -> dict[str, str]:
    """Text input values of a modal submission's ``data``, by custom id."""
    found: dict[str, str] = {}
    rows = data.get("components", []) if isinstance(data, dict) else []
    for row in rows if isinstance(rows, list) else []:
        items = row.get("components", []) if isinstance(row, dict) else []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("value"), str):
                found[str(item.get("custom_id", ""))] = item["value"]
    return found
