"""What the coach says when a request cannot be completed, instead of a trace.

Handlers raise `Refused` for input the store will not take (an over-long platform id): the user
gets its own words. Anything else is an internal failure. Every write runs in one transaction
that the failure rolled back, so the generic reply says plainly that nothing was saved.
"""

from __future__ import annotations

from bot.core.messages import Reply, Section, Tone

GENERIC_FAILURE = (
    "Sorry, something went wrong on my side, so that was not saved. Please try again in a moment."
)
"""The one generic reply; the fuzz test and bench count how often it is given."""


class Refused(ValueError):
    """Input that is refused for a reason the user should hear (`reason`, plain text)."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def refused_reply(refused: Refused) -> Reply:
    sections = (Section(refused.hint),) if refused.hint else ()
    return Reply(text=refused.reason, sections=sections, tone=Tone.WARNING)


def failure_reply() -> Reply:
    return Reply(text=GENERIC_FAILURE, tone=Tone.WARNING)
