"""The buttons a nudge may carry: named in `rules/plan.yaml`, rendered by `bot.nudges.reply`,
handled by `bot.interviews.commands`. One list, so a name cannot be typed three ways."""

from __future__ import annotations

from enum import StrEnum

ACTION_PREFIX = "nudge"
"""Action ids of nudge buttons are ``nudge.<control>``..."""
NOTE_PREFIX = "note"
"""...except the note buttons, ``note.draft`` and ``note.review``, which `bot.review` handles
(their value is ``n<nudge id>``)."""


class NudgeControl(StrEnum):
    DONE = "done"
    DRAFT = "draft"
    REVIEW = "review"
    SNOOZE = "snooze"
    OFFER = "offer"
    REJECTED = "rejected"
    STOP = "stop"

    @property
    def action_id(self) -> str:
        if self in NOTE_CONTROLS:
            return f"{NOTE_PREFIX}.{self.value}"
        return f"{ACTION_PREFIX}.{self.value}"


NOTE_CONTROLS = frozenset({NudgeControl.DRAFT, NudgeControl.REVIEW})
CONTROLS: frozenset[str] = frozenset(c.value for c in NudgeControl)
"""Every control name a plan may list."""
