"""Persistent message components whose custom ids carry the core's `Action`.

A button's custom id is ``av:b:<action_id>:<value>`` and a menu's ``av:m:<action_id>`` (the
picked option's value is the action's value). Because the action lives in the id itself and
the two item classes are registered with `Client.add_dynamic_items` at start, a click on a
nudge sent days ago still dispatches after any number of restarts: nothing is kept in memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.messages import Action, Button, ButtonStyle, Control, Menu

log = logging.getLogger(__name__)

CUSTOM_ID_MAX = 100
"""Discord's limit on a component's custom id."""

BUTTON_PREFIX = "av:b:"
MENU_PREFIX = "av:m:"
MAX_ROWS = 5
BUTTONS_PER_ROW = 5
MAX_OPTIONS = 25
LABEL_MAX = 80
PLACEHOLDER_MAX = 150

_STYLES = {
    ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}


@runtime_checkable
class ActionAnswerer(Protocol):
    """What the client offers the components: answer a click with the core's reply."""

    async def answer_action(self, interaction: discord.Interaction[Any], action: Action) -> None:
        """Ask the core about `action` and answer the interaction with its reply."""
        ...


def button_id(action_id: str, value: str) -> str | None:
    """The custom id for a button, or None if the action does not fit in one."""
    custom_id = f"{BUTTON_PREFIX}{action_id}:{value}"
    if ":" in action_id or not action_id or len(custom_id) > CUSTOM_ID_MAX:
        return None
    return custom_id


def menu_id(action_id: str) -> str | None:
    """The custom id for a menu, or None if the action id does not fit in one."""
    custom_id = f"{MENU_PREFIX}{action_id}"
    if ":" in action_id or not action_id or len(custom_id) > CUSTOM_ID_MAX:
        return None
    return custom_id


def is_ours(custom_id: str) -> bool:
    """True when one of our component classes will answer a click on `custom_id`."""
    return any(
        item.__discord_ui_compiled_template__.fullmatch(custom_id) is not None
        for item in (ActionButton, ActionMenu)
    )


async def _answer(interaction: discord.Interaction[Any], action: Action) -> None:
    answerer = getattr(interaction.client, "afterview", None)
    if not isinstance(answerer, ActionAnswerer):
        log.warning("component click before the bot was ready: %s", action.action_id)
        await interaction.response.send_message(
            "I'm just starting up; please click again in a moment.",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        return
    await answerer.answer_action(interaction, action)


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"av:b:(?P<action>[^:]{1,90}):(?P<value>.*)",
):
    """A button that comes back as `Action(action_id, value)`, after restarts too."""

    def __init__(
        self,
        action: Action,
        *,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        custom_id = button_id(action.action_id, action.value)
        if custom_id is None:
            raise ValueError(f"action does not fit in a custom id: {action.action_id!r}")
        super().__init__(
            discord.ui.Button(label=label[:LABEL_MAX] or "…", style=style, custom_id=custom_id),
            row=row,
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        label = getattr(item, "label", None) or "…"
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(Action(match["action"], match["value"]), label=label, style=style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _answer(interaction, self.action)


class ActionMenu(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=r"av:m:(?P<action>[^:]{1,90})",
):
    """A drop-down whose picked option comes back as `Action(action_id, option value)`."""

    def __init__(
        self,
        action_id: str,
        *,
        placeholder: str,
        options: list[discord.SelectOption],
        row: int | None = None,
    ) -> None:
        custom_id = menu_id(action_id)
        if custom_id is None:
            raise ValueError(f"action id does not fit in a custom id: {action_id!r}")
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                placeholder=placeholder[:PLACEHOLDER_MAX] or None,
                options=options[:MAX_OPTIONS] or [discord.SelectOption(label="…", value="-")],
                min_values=1,
                max_values=1,
            ),
            row=row,
        )
        self.action_id = action_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionMenu:
        options = list(getattr(item, "options", None) or [])
        placeholder = getattr(item, "placeholder", None) or ""
        return cls(match["action"], placeholder=placeholder, options=options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        values = self.item.values
        if not values:
            await interaction.response.defer()
            return
        await _answer(interaction, Action(self.action_id, values[0]))


def build_view(controls: tuple[Control, ...]) -> discord.ui.View | None:
    """The controls as a persistent view (buttons five to a row, one row per menu).

    Controls that do not fit Discord's limits (five rows, 100-character ids) are left out
    and logged, rather than failing the whole message.
    """
    if not controls:
        return None
    view = discord.ui.View(timeout=None)
    row, in_row = 0, 0
    for control in controls:
        if isinstance(control, Button):
            if in_row == BUTTONS_PER_ROW:
                row, in_row = row + 1, 0
            if row >= MAX_ROWS or button_id(control.action_id, control.value) is None:
                log.warning("button left out of a Discord message: %s", control.action_id)
                continue
            action = Action(control.action_id, control.value)
            view.add_item(
                ActionButton(action, label=control.label, style=_STYLES[control.style], row=row)
            )
            in_row += 1
        elif isinstance(control, Menu):
            menu_row = row + 1 if in_row else row
            if menu_row >= MAX_ROWS or menu_id(control.action_id) is None:
                log.warning("menu left out of a Discord message: %s", control.action_id)
                continue
            options = [
                discord.SelectOption(label=c.label[:LABEL_MAX] or "…", value=c.value[:100])
                for c in control.options
            ]
            view.add_item(
                ActionMenu(
                    control.action_id,
                    placeholder=control.placeholder,
                    options=options,
                    row=menu_row,
                )
            )
            row, in_row = menu_row + 1, 0
    return view if view.children else None
