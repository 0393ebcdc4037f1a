"""Render a core `Reply` as a Slack message: escaped mrkdwn text plus Block Kit blocks.

Every string from the core is plain text that may contain user input, so each one goes through
`escape` and every mrkdwn object is marked ``verbatim`` (Slack then does not turn bare names into
links or mentions). Our controls carry action ids of the form ``av|<n>|<core action id>``: the
prefix lets one listener catch all of them, and the index keeps ids unique within a block.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.escape import escape, escape_clipped
from bot.core.messages import Button, ButtonStyle, Control, Menu, Reply, Verdict

ACTION_PREFIX = "av|"

VERDICT_MARKS: dict[Verdict, str] = {
    Verdict.OK: ":large_green_circle: *OK*",
    Verdict.CAUTION: ":large_yellow_circle: *Careful*",
    Verdict.AVOID: ":red_circle: *Avoid*",
    Verdict.OUT_OF_SCOPE: ":white_circle: *Not my area*",
}

# Slack's published limits (characters or items).
SECTION_TEXT_LIMIT = 3000
MESSAGE_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
OPTION_TEXT_LIMIT = 75
PLACEHOLDER_LIMIT = 150
BUTTON_VALUE_LIMIT = 2000
OPTION_VALUE_LIMIT = 150
ACTION_ID_LIMIT = 255
ELEMENTS_PER_ACTIONS = 25
OPTIONS_PER_MENU = 100
MESSAGE_BLOCK_LIMIT = 50

Block = dict[str, Any]


def encode_action_id(index: int, action_id: str) -> str:
    """The Slack action id for the `index`-th control of a reply."""
    return f"{ACTION_PREFIX}{index}|{action_id}"


def decode_action_id(slack_action_id: str) -> str:
    """Our action id from a Slack one; a foreign id passes through for the core to refuse."""
    if not slack_action_id.startswith(ACTION_PREFIX):
        return slack_action_id
    _index, _, action_id = slack_action_id[len(ACTION_PREFIX) :].partition("|")
    return action_id


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object whose content Slack shows as sent (no auto-linking or mentions)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": escape_clipped(text, limit) or " ", "emoji": True}


def fallback_text(reply: Reply) -> str:
    """The message's top-level ``text``: what notifications and screen readers show."""
    return escape_clipped(reply.text or reply.plain(), MESSAGE_TEXT_LIMIT)


def reply_blocks(reply: Reply, *, limit: int = MESSAGE_BLOCK_LIMIT) -> list[Block]:
    """The Block Kit blocks for a reply: headline, verdict mark, sections, then controls."""
    blocks: list[Block] = []
    if reply.text:
        blocks.extend(_sections(f"*{escape(reply.text)}*"))
    if reply.verdict is not None:
        blocks.append({"type": "context", "elements": [mrkdwn(VERDICT_MARKS[reply.verdict])]})
    for section in reply.sections:
        body = escape(section.text)
        if section.title:
            body = f"*{escape(section.title)}*\n{body}"
        blocks.extend(_sections(body))
    controls = _actions(reply.controls)
    room = max(limit - len(controls), 0)
    if len(blocks) > room:
        blocks = [*blocks[: max(room - 1, 0)], _section("…")]
    return [*blocks, *controls]


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for ``ack``/``respond``/``chat.postMessage``: ``text`` and ``blocks``."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}


def _section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def _sections(text: str) -> list[Block]:
    """One section per 3,000 characters, cut at line ends where possible."""
    chunks: list[str] = []
    while len(text) > SECTION_TEXT_LIMIT:
        cut = text.rfind("\n", 0, SECTION_TEXT_LIMIT)
        if cut <= 0:
            cut = text.rfind(" ", 0, SECTION_TEXT_LIMIT)
        if cut <= 0:
            cut = SECTION_TEXT_LIMIT
            while text[cut - 1] != ";" and "&" in text[max(cut - 5, 0) : cut]:
                cut -= 1  # never split an entity such as &amp;
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    chunks.append(text)
    return [_section(chunk) for chunk in chunks if chunk]


def _actions(controls: tuple[Control, ...]) -> list[Block]:
    elements = [
        element
        for index, control in enumerate(controls)
        if (element := _element(index, control)) is not None
    ]
    return [
        {"type": "actions", "elements": elements[start : start + ELEMENTS_PER_ACTIONS]}
        for start in range(0, len(elements), ELEMENTS_PER_ACTIONS)
    ]


def _element(index: int, control: Control) -> Block | None:
    action_id = encode_action_id(index, control.action_id)
    if len(action_id) > ACTION_ID_LIMIT:
        return None
    if isinstance(control, Button):
        if len(control.value) > BUTTON_VALUE_LIMIT:
            return None
        button: Block = {
            "type": "button",
            "text": plain(control.label, BUTTON_TEXT_LIMIT),
            "action_id": action_id,
            "value": control.value,
        }
        if control.style is not ButtonStyle.DEFAULT:
            button["style"] = control.style.value
        return button
    return _menu(action_id, control)


def _menu(action_id: str, menu: Menu) -> Block | None:
    options = [
        {"text": plain(choice.label, OPTION_TEXT_LIMIT), "value": choice.value}
        for choice in menu.options[:OPTIONS_PER_MENU]
        if len(choice.value) <= OPTION_VALUE_LIMIT
    ]
    if not options:
        return None
    return {
        "type": "static_select",
        "placeholder": plain(menu.placeholder, PLACEHOLDER_LIMIT),
        "action_id": action_id,
        "options": options,
    }
