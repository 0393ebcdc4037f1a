"""views: custom ids that carry the action, Discord's layout limits, rebuilding after restart."""

from __future__ import annotations

import re

import discord
import pytest

from adapters.discord.views import (
    CUSTOM_ID_MAX,
    ActionButton,
    ActionMenu,
    build_view,
    button_id,
    is_ours,
    menu_id,
)
from bot.core.messages import Action, Button, ButtonStyle, Choice, Menu


def _rows(view: discord.ui.View) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in view.to_components():
        rows.append([item["custom_id"] for item in row["components"]])
    return rows


def test_ids_carry_the_action_and_respect_the_limit() -> None:
    assert button_id("nudge.done", "42") == "av:b:nudge.done:42"
    assert menu_id("nudge.snooze") == "av:m:nudge.snooze"
    assert button_id("nudge.done", "x" * CUSTOM_ID_MAX) is None
    assert button_id("bad:id", "1") is None
    assert menu_id("") is None


def test_the_templates_read_back_what_was_written() -> None:
    button_template = ActionButton.__discord_ui_compiled_template__
    match = button_template.fullmatch("av:b:nudge.snooze:12:tomorrow")
    assert match is not None
    assert (match["action"], match["value"]) == ("nudge.snooze", "12:tomorrow")
    menu_template = ActionMenu.__discord_ui_compiled_template__
    assert isinstance(menu_template, re.Pattern)
    assert menu_template.fullmatch("av:m:nudge.snooze") is not None
    assert menu_template.fullmatch("av:b:nudge.done:1") is None


def test_buttons_five_to_a_row_and_a_menu_on_its_own_row() -> None:
    buttons = tuple(Button(f"B{i}", "nudge.done", str(i)) for i in range(6))
    menu = Menu("Snooze", "nudge.snooze", (Choice("1 hour", "1:1h"),))
    view = build_view((*buttons, menu, Button("Stop", "interview.stop", "1", ButtonStyle.DANGER)))
    assert view is not None
    assert _rows(view) == [
        [f"av:b:nudge.done:{i}" for i in range(5)],
        ["av:b:nudge.done:5"],
        ["av:m:nudge.snooze"],
        ["av:b:interview.stop:1"],
    ]
    stop = view.to_components()[3]["components"][0]
    assert stop["style"] == discord.ButtonStyle.danger.value


def test_controls_that_cannot_fit_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    too_long = Button("Long", "nudge.done", "v" * 200)
    assert build_view((too_long,)) is None
    many = tuple(Button(str(i), "nudge.done", str(i)) for i in range(30))
    view = build_view(many)
    assert view is not None
    assert sum(len(r) for r in _rows(view)) == 25
    assert "left out" in caplog.text


async def test_a_button_is_rebuilt_from_its_id_alone() -> None:
    base = discord.ui.Button[discord.ui.View](
        label="Done", custom_id="av:b:nudge.done:9", style=discord.ButtonStyle.primary
    )
    match = ActionButton.__discord_ui_compiled_template__.fullmatch(base.custom_id or "")
    assert match is not None
    rebuilt = await ActionButton.from_custom_id(None, base, match)  # type: ignore[arg-type]
    assert rebuilt.action == Action("nudge.done", "9")
    assert rebuilt.item.label == "Done"


def test_is_ours() -> None:
    assert is_ours("av:b:nudge.done:1")
    assert is_ours("av:m:nudge.snooze")
    assert not is_ours("av:x:nudge")
    assert not is_ours("something-else")
