"""Hostile requests for `Coach.handle`, shared by the fuzz test and `bench/fuzz_coach.py`."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.core.messages import Action, Identity, Request

COMMANDS = ["interviewed", "list", "cancel", "snooze", "done", "stop", "outcome", "settings",
            "forget-me", "edit", "round", "help", "ask", "frobnicate", "/x", ""]  # fmt: skip
WORDS = ["I1", "N1", "#1", "1", "2", "all", "time", "company", "with", "role", "timezone",
         "quiet", "weekends", "on", "by", "tomorrow", "3pm", "9am", "1h", "offer", "pending",
         "\x00", "\x1b[2J", "\ud800", "@channel", "<!here>", "9" * 30, "Europe/Paris",
         "a" * 300, "confirm", "-", ":", "\u202e"]  # fmt: skip
ACTIONS = ["nudge.done", "nudge.snooze", "nudge.stop", "nudge.offer", "nudge.rejected",
           "interview.stop", "interview.cancel", "interview.page", "forget.confirm",
           "forget.other", "bogus.x", ""]  # fmt: skip

TOKEN = st.sampled_from(WORDS) | st.text(max_size=12)
ARGS = st.lists(TOKEN, max_size=6).map(" ".join)
VALUE = st.lists(TOKEN, max_size=3).map(":".join)


@st.composite
def requests(draw: st.DrawFn, who: Identity) -> Request:
    """A typed command with odd arguments, or a click with an odd value."""
    if draw(st.booleans()):
        return Request(who=who, action=Action(draw(st.sampled_from(ACTIONS)), draw(VALUE)))
    text = f"{draw(st.sampled_from(COMMANDS))} {draw(ARGS)}"
    return Request(who=who, text=text)
