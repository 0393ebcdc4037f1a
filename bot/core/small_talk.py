"""Short replies to what is not a question: "hi", "thanks", "yes", or a word I cannot read.

Without these, a greeting went to the advisor and came back as "Not my area" with a paragraph
about what it coaches on. A few words get a few words back, and the way on.
"""

from __future__ import annotations

import re

from bot.core.messages import Reply, Section, Tone, Verdict

_HINT = "Ask me something like “is it okay to add my interviewer on LinkedIn?”, or type `help`."

_GREETINGS = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hiya",
        "yo",
        "howdy",
        "morning",
        "good morning",
        "good afternoon",
        "good evening",
        "hi there",
        "hello there",
        "hey there",
        "sup",
        "what's up",
        "whats up",
    }
)
_THANKS = frozenset(
    {
        "thanks",
        "thank you",
        "thx",
        "ty",
        "cheers",
        "thanks a lot",
        "thank you so much",
        "many thanks",
        "thanks!",
        "great thanks",
        "ok thanks",
        "okay thanks",
        "appreciated",
    }
)
_ACKS = frozenset(
    {
        "yes",
        "no",
        "ok",
        "okay",
        "k",
        "sure",
        "yep",
        "yeah",
        "nope",
        "nah",
        "cool",
        "great",
        "nice",
        "got it",
        "alright",
        "fine",
        "y",
        "n",
        "maybe",
        "hmm",
        "lol",
    }
)
SHORT_WORDS = 3
"""Out-of-scope text of at most this many words is treated as "I didn't catch that"."""


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def small_talk(text: str) -> Reply | None:
    """A short reply to a greeting, thanks or a bare yes/no; None for anything else."""
    key = _key(text)
    if key in _GREETINGS:
        return Reply(
            text="Hi! I'm Afterview, your coach for the days after an interview.",
            sections=(Section(_HINT),),
            tone=Tone.INFO,
        )
    if key in _THANKS:
        return Reply(text="You're welcome — good luck!", tone=Tone.INFO)
    if key in _ACKS:
        return Reply(
            text="I'm not sure what that answers: I don't keep a conversation going.",
            sections=(Section("Use the buttons on a message, or " + _HINT[0].lower() + _HINT[1:]),),
            tone=Tone.INFO,
        )
    return None


def didnt_catch(text: str, verdict: Verdict) -> Reply | None:
    """A few words the advisor could not place get a short reply, not the whole scope text."""
    if verdict is not Verdict.OUT_OF_SCOPE or "?" in text or len(text.split()) > SHORT_WORDS:
        return None
    return Reply(
        text="Sorry, I didn't catch that.",
        sections=(Section(_HINT),),
        tone=Tone.INFO,
        verdict=verdict,
    )
