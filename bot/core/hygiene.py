"""What arrives from a platform is cleaned before any handler reads it.

Lone surrogates (broken UTF-16 from a client) cannot be stored or encoded, so a message holding
them is answered with a request to type it again; control characters (NUL, escapes, DEL and
the C1 range) can break a database driver or a terminal, so they become spaces. Both happen in
one place so that no command has to think about them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.messages import Action, Reply, Request, Section, Tone

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_broken_unicode(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def without_controls(text: str) -> str:
    """Control characters become spaces; tabs and newlines stay."""
    return _CONTROL.sub(" ", text)


def broken_unicode_reply() -> Reply:
    return Reply(
        text="Part of that message arrived as broken characters, so I couldn't read it.",
        sections=(Section("Nothing was saved. Could you type it again?"),),
        tone=Tone.WARNING,
    )


def cleaned(request: Request) -> Request | Reply:
    """The request with control characters blanked, or a reply when it cannot be read."""
    texts = [request.text, request.command or "", request.tz_hint or ""]
    texts += [*request.fields.keys(), *request.fields.values()]
    if request.action is not None:
        texts += [request.action.action_id, request.action.value]
    if any(has_broken_unicode(t) for t in texts):
        return broken_unicode_reply()
    if not any(_CONTROL.search(t) for t in texts):
        return request
    action = request.action
    if action is not None:
        action = Action(without_controls(action.action_id), without_controls(action.value))
    return replace(
        request,
        text=without_controls(request.text),
        command=None if request.command is None else without_controls(request.command),
        fields={without_controls(k): without_controls(v) for k, v in request.fields.items()},
        action=action,
        tz_hint=None if request.tz_hint is None else without_controls(request.tz_hint),
    )
