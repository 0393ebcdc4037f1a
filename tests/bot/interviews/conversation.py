"""Talking to the coach the way a user does: a line typed, or a button clicked."""

from __future__ import annotations

from bot.core.messages import Action, Identity, Reply, Request
from bot.services import Services
from tests.nudge_support import user


def say(services: Services, text: str, who: Identity | None = None, **kw: str) -> Reply:
    """`text` typed by `who` (the default user); `kw` sets other request fields (tz_hint)."""
    return services.coach.handle(Request(who=who or user(), text=text, **kw))  # type: ignore[arg-type]


def click(services: Services, action_id: str, value: str, who: Identity | None = None) -> Reply:
    return services.coach.handle(
        Request(who=who or user(), action=Action(action_id=action_id, value=value))
    )
