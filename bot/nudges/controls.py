"""The buttons a nudge may carry: named in `rules/plan.yaml`, rendered by `bot.nudges.reply`,
handled by `bot.interviews.commands`. One list, so a name cannot be typed three ways."""

from __future__ import annotations

from enum import StrEnum

ACTION_PREFIX = "nudge"
"""Action ids of nudge buttons are ``nudge.<control>``."""


class NudgeControl(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"
    OFFER = "offer"
    REJECTED = "rejected"
    STOP = "stop"

    @property
    def action_id(self) -> str:
        return f"{ACTION_PREFIX}.{self.value}"


CONTROLS: frozenset[str] = frozenset(c.value for c in NudgeControl)
"""Every control name a plan may list."""
