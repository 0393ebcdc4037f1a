"""Honest answers when a command meets something already closed.

`done` on a cancelled nudge used to say "Nice work — marked done" while it stayed cancelled,
cancelling twice said "Cancelled" again, and stopping a withdrawn interview suggested recording
an outcome. Each of these now says what is true.
"""

from __future__ import annotations

from bot.core.messages import Reply, Section, Tone
from bot.db.models import InterviewStatus, NudgeState
from bot.interviews.ids import interview_label, nudge_label
from bot.interviews.views import InterviewView, NudgeView

_NUDGE_STATES = {
    NudgeState.DONE.value: "is already marked done",
    NudgeState.CANCELLED.value: "was cancelled",
    NudgeState.SKIPPED.value: "was skipped (it came too late to help)",
}


def closed_nudge_reply(view: NudgeView, verb: str) -> Reply | None:
    """Why `verb` (``mark done``, ``snooze``) does nothing to this nudge; None if it may."""
    state = _NUDGE_STATES.get(view.state)
    if state is None:
        return None
    return Reply(
        text=f"{nudge_label(view.id)} ({view.title}) {state}, so there is nothing to {verb}.",
        sections=(Section("Type `list` to see what is still coming."),),
        tone=Tone.INFO,
    )


def closed_interview_reply(view: InterviewView, verb: str) -> Reply | None:
    """Why `verb` (``cancel``, ``stop``) does nothing to this interview; None if it may."""
    label = f"{interview_label(view.id)} ({view.company})"
    if view.status == InterviewStatus.CANCELLED.value:
        text = f"{label} was already cancelled."
    elif view.status == InterviewStatus.STOPPED.value and verb == "stop":
        text = f"Nudges for {label} were already stopped."
    elif view.status == InterviewStatus.CLOSED.value:
        text = f"You recorded “{view.outcome}” for {label}, so no nudges are left to {verb}."
    else:
        return None
    return Reply(text=text, tone=Tone.INFO)
