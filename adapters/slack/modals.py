"""A core `Form` as a Slack modal, and a ``view_submission`` back as the form's answer.

Short and long texts are ``plain_text_input`` (long ones multiline), days a ``datepicker``,
times a ``timepicker``; each input is a block whose id is the input's name, so an error the
core pins to an input can be shown under it (``response_action: errors``). The view's
``private_metadata`` carries what the answer needs: the command, the hidden fields, the names
of the inputs (only those are read back) and the channel the form was asked for in, where the
result goes as an ephemeral message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from adapters.slack.blocks import Block, plain
from bot.core.messages import Form, Input, InputKind

CALLBACK_ID = "av.form"
VALUE_ACTION = "value"

# Slack's published limits for modals (characters).
TITLE_LIMIT = 24
BUTTON_LIMIT = 24
LABEL_LIMIT = 2000
PLACEHOLDER_LIMIT = 150
TEXT_INPUT_LIMIT = 3000
ERROR_LIMIT = 300
METADATA_LIMIT = 3000


@dataclass(frozen=True, slots=True)
class Submitted:
    """A submission read back: the form to answer, its values, and where to reply."""

    form: Form
    values: dict[str, str]
    channel: str | None


def modal_view(form: Form, channel: str | None) -> dict[str, Any]:
    """The ``views.open`` view for `form`; the answer will be posted to `channel` (or a DM)."""
    metadata = json.dumps(
        {
            "command": form.command,
            "fields": dict(form.fields),
            "inputs": [i.name for i in form.inputs],
            "channel": channel,
        }
    )
    if len(metadata) > METADATA_LIMIT:  # hidden fields are ids, so this is only a guard
        raise ValueError("the form's hidden fields do not fit in a Slack view")
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(form.title, TITLE_LIMIT),
        "submit": plain(form.submit, BUTTON_LIMIT),
        "close": plain("Cancel", BUTTON_LIMIT),
        "private_metadata": metadata,
        "blocks": [_input_block(i) for i in form.inputs],
    }


def _input_block(field: Input) -> Block:
    return {
        "type": "input",
        "block_id": field.name,
        "optional": not field.required,
        "label": plain(field.label, LABEL_LIMIT),
        "element": _element(field),
    }


def _element(field: Input) -> Block:
    element: Block
    if field.kind is InputKind.DATE:
        element = {"type": "datepicker", "action_id": VALUE_ACTION}
        if _is_iso(date, field.initial):
            element["initial_date"] = field.initial
    elif field.kind is InputKind.TIME:
        element = {"type": "timepicker", "action_id": VALUE_ACTION}
        if _is_iso(time, field.initial):
            element["initial_time"] = field.initial[:5]
    else:
        element = {
            "type": "plain_text_input",
            "action_id": VALUE_ACTION,
            "multiline": field.kind is InputKind.LONG,
            "max_length": min(field.max_length, TEXT_INPUT_LIMIT),
        }
        if field.initial:
            element["initial_value"] = field.initial[:TEXT_INPUT_LIMIT]
    if field.placeholder:
        element["placeholder"] = plain(field.placeholder, PLACEHOLDER_LIMIT)
    return element


def _is_iso(kind: type[date] | type[time], text: str) -> bool:
    try:
        kind.fromisoformat(text)
    except ValueError:
        return False
    return bool(text)


def read_submission(view: dict[str, Any]) -> Submitted | None:
    """The form and values of a submitted view; None for a view that is not one of ours."""
    try:
        meta = json.loads(str(view.get("private_metadata") or ""))
        names = [str(n) for n in meta["inputs"]]
        hidden = tuple((str(k), str(v)) for k, v in dict(meta["fields"]).items())
        command = str(meta["command"])
    except (ValueError, KeyError, TypeError):
        return None
    channel = meta.get("channel")
    form = Form(
        title="",
        command=command,
        inputs=tuple(Input(n, n) for n in names),
        fields=hidden,
    )
    state = ((view.get("state") or {}).get("values")) or {}
    values = {name: _value(state.get(name)) for name in names}
    return Submitted(form, values, channel if isinstance(channel, str) and channel else None)


def _value(block: Any) -> str:
    element = block.get(VALUE_ACTION) if isinstance(block, dict) else None
    if not isinstance(element, dict):
        return ""
    for key in ("value", "selected_date", "selected_time"):
        if isinstance(element.get(key), str):
            return str(element[key])
    return ""


def errors_for(form: Form, invalid: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``response_action: errors`` for the problems that concern this form's inputs."""
    names = {i.name for i in form.inputs}
    errors: dict[str, str] = {}
    for name, message in invalid:
        if name in names and name not in errors:
            errors[name] = (
                message if len(message) <= ERROR_LIMIT else message[: ERROR_LIMIT - 1] + "…"
            )
    return errors
