"""A note pasted into a question ("can I send this? Dear Dana, thank you for ...") is reviewed.

People rarely type `review` first: they paste the draft, perhaps after a short "is this ok?",
and expect it read. Answered as a question, such a message gets the general advice on sending
a thank-you; what they want is the friend's read of these words. So a message is taken for a
pasted note when it opens the way notes open (a greeting, or a name alone on the first line)
and reads like one: long enough, with the words of a note to an employer in it. After a short
lead-in that points at it ("is this ok?", "can I send my email:"), a short note will do, and
so will one that opens with its thanks. A question to the coach that merely starts with "Hi," is not
a note. Pure and cheap: the coach asks it of every question.
"""

from __future__ import annotations

import re

NOTE_WORDS = 15
"""Fewest words of a note with no lead-in ("Hi Dana, thanks!" alone is a question's worth)."""
LEAD_WORDS = 15
"""Most words of a lead-in before the note ("is this thank-you ok to send to the panel?")."""
LED_NOTE_WORDS = 3
"""Fewest words of a note after a lead-in that points at it."""

_GREETING = re.compile(
    r"^\s*(?:(?:dear|hi|hello|hey|heya|hiya|yo|greetings|good (?:morning|afternoon|evening))\b"
    r"(?:[^\S\n]+[\w\[\]'.&-]+){0,6}|to whom it may concern)[^\w\n]{0,6}(?:[,!:]|\n|$)",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(
    r"^\s*[A-Z][\w'.-]*(?:[^\S\n]+(?:and|&|[A-Z][\w'.-]*)){0,4}[^\S\n]*+,?[^\S\n]*+\n"
)
"""A name alone on the first line ("Helen," then the note)."""
_THANKS_FIRST = re.compile(r"^\s*(thank you|thanks|many thanks)\b", re.IGNORECASE)
"""A note may open with its thanks; only after a lead-in, since people thank the coach too."""
_NOTE_WORDS = re.compile(
    r"\b(thank you|thanks|thx|appreciate[ds]?|grateful|following up|follow up|reaching out|"
    r"checking in|look(ing)? forward|regards|sincerely|best wishes|cheers|interview\w*|role|"
    r"position|job|offer|application|opportunity|meeting|conversation|chat|team|rejection|"
    r"withdraw\w*|decision|process)\b",
    re.IGNORECASE,
)
_ASKS_THE_COACH = re.compile(
    r"\b(should i|can i|could i|may i|do i|am i|is it (ok|okay|fine|alright|all right|"
    r"appropriate|bad|weird|wrong|rude|too|normal|acceptable)|would it be|is this (ok|okay|"
    r"fine|too)|is that (ok|okay|fine|normal|weird|bad|wrong|too)|"
    r"was (it|that|this|\w+)( actually| really)? (ok|okay|fine|alright|enough|wrong|bad|"
    r"a mistake|too)|did i (do|mess|blow|ruin))\b",
    re.IGNORECASE,
)
"""The coach's own kind of question: a message greeting the coach ("Hi, should I ...?") is
asked, not reviewed (a note that asks its reader "can I send ...?" loses little by that)."""
_LEAD_END = re.compile(r"[?:]\s+|\n+")
_POINTS_AT_A_NOTE = re.compile(
    r"\b(this|it|draft|note|email|e-mail|message|reply|letter|thank[- ]?you|dm|text)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9']+")
_QUOTE_MARK = re.compile(r"^[^\S\n]*>[^\S\n]?", re.MULTILINE)
_FENCE = re.compile(r"^[^\S\n]*```[^\n]*$\n?", re.MULTILINE)


def pasted_note(text: str) -> str | None:
    """The note in `text` when the message is a pasted note (with or without a short lead-in
    such as "can I send this?"), else None. A note pasted as a quote (lines starting with
    ">") or in a code block comes back without those marks."""
    text = _unquoted(text)
    if _reads_like_a_note(text, led=False):
        return text.strip()
    lead = _LEAD_END.search(text)
    if lead is None:
        return None
    before, body = text[: lead.start()], text[lead.end() :]
    if len(_WORD.findall(before)) > LEAD_WORDS or not _POINTS_AT_A_NOTE.search(before):
        return None
    return body.strip() if _reads_like_a_note(body, led=True) else None


def _unquoted(text: str) -> str:
    """`text` without Markdown's quote marks and code fences (Slack and Discord both use
    them for pasted text)."""
    if ">" not in text and "```" not in text:
        return text
    return _FENCE.sub("", _QUOTE_MARK.sub("", text))


def _reads_like_a_note(body: str, *, led: bool) -> bool:
    opening = _GREETING.match(body) or _NAME_LINE.match(body)
    if opening is None and led:
        opening = _THANKS_FIRST.match(body)
    if opening is None:
        return False
    words = _WORD.findall(body[opening.end() :])
    if len(words) < (LED_NOTE_WORDS if led else NOTE_WORDS):
        return False
    if _ASKS_THE_COACH.search(" ".join(words)):
        return False
    return led or _NOTE_WORDS.search(body) is not None
