"""The App Home tab: the user's own interviews, upcoming nudges and settings, only for them.

Slack shows a Home tab to the one user who opens it, so it is a discreet place for the list.
Its content comes from the core like any reply: the umbrella command's ``list`` and
``settings`` panels (whichever the coach offers), with ``help`` when it offers neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.slack.blocks import Block, encode_action_id, reply_blocks
from bot.core.coach import Coach
from bot.core.messages import Identity, Reply, Request

HOME_PANELS = ("list", "settings")
VIEW_BLOCK_LIMIT = 100
REGISTER_ACTION = "home.register"
"""The Home tab's "Register an interview" button: it opens `/interviewed`'s form."""
REGISTER_BUTTON: Block = {
    "type": "actions",
    "block_id": "home.actions",
    "elements": [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": "Register an interview", "emoji": True},
            "action_id": encode_action_id(0, REGISTER_ACTION),
            "value": "interviewed",
            "style": "primary",
        }
    ],
}


def home_replies(coach: Coach, who: Identity) -> list[Reply]:
    """Ask the core for each Home panel it knows (synchronous: run it off the event loop)."""
    known = coach.command_names()
    panels = [name for name in HOME_PANELS if name in known] or ["help"]
    return [coach.handle(Request(who, text=name, command="afterview")) for name in panels]


def home_view(panels: Sequence[Reply], notice: Reply | None = None) -> dict[str, Any]:
    """A ``home`` view: an optional notice (the answer to a click), the "Register an
    interview" button, then each panel."""
    parts = [notice, *panels] if notice is not None else list(panels)
    share = max((VIEW_BLOCK_LIMIT - 1) // max(len(parts), 1) - 1, 3)
    blocks: list[Block] = []
    if notice is not None:
        blocks.extend([*reply_blocks(notice, limit=share), {"type": "divider"}])
    blocks.append(REGISTER_BUTTON)
    for reply in panels:
        blocks.append({"type": "divider"})
        blocks.extend(reply_blocks(reply, limit=share))
    return {"type": "home", "blocks": blocks[:VIEW_BLOCK_LIMIT]}
