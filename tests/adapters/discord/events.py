"""Gateway payloads for tests: the recorded fixtures under payloads/, made fresh per use.

Each interaction gets a new id from the current time (so the fake's 3-second window applies
to it) and its own token; the user can be swapped to act as someone else.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.adapters.discord.fake_discord import FakeDiscord

PAYLOADS = Path(__file__).parent / "payloads"
USER_ID = 1_200_000_000_000_000_101
OTHER_USER_ID = 1_200_000_000_000_000_999


@cache
def _load(name: str) -> str:
    return (PAYLOADS / name).read_text()


def load(name: str) -> dict[str, Any]:
    """A fresh copy of a recorded payload."""
    data: dict[str, Any] = json.loads(_load(name))
    return data


def _set_user(payload: dict[str, Any], user_id: int) -> None:
    for holder in (payload.get("user"), (payload.get("member") or {}).get("user")):
        if holder is not None:
            holder["id"] = str(user_id)
            holder["username"] = f"user{user_id % 1000}"
    channel = payload.get("channel") or {}
    for recipient in channel.get("recipients", []):
        recipient["id"] = str(user_id)


def interaction(
    fake: FakeDiscord,
    name: str,
    *,
    user_id: int = USER_ID,
    options: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A chat-input or autocomplete payload from `name`, new id, options replaced if given."""
    payload = load(name)
    payload["id"] = str(fake.new_id())
    payload["token"] = f"token-{payload['id']}"
    _set_user(payload, user_id)
    if options is not None:
        focused = {o["name"] for o in payload["data"].get("options", []) if o.get("focused")}
        payload["data"]["options"] = [
            {"name": k, "type": 3, "value": v, **({"focused": True} if k in focused else {})}
            for k, v in options.items()
        ]
    return payload


def click(
    fake: FakeDiscord,
    message: dict[str, Any],
    custom_id: str,
    *,
    user_id: int = USER_ID,
    values: list[str] | None = None,
    name: str = "component_button_dm.json",
) -> dict[str, Any]:
    """A click on component `custom_id` of `message` (a message JSON as the fake stored it)."""
    payload = load(name)
    payload["id"] = str(fake.new_id())
    payload["token"] = f"token-{payload['id']}"
    _set_user(payload, user_id)
    payload["message"] = copy.deepcopy(message)
    payload["channel_id"] = message["channel_id"]
    payload["channel"]["id"] = message["channel_id"]
    component_type = 3 if values is not None else 2
    payload["data"] = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        payload["data"]["values"] = values
    return payload


def dm_message(
    fake: FakeDiscord, content: str, *, user_id: int = USER_ID, channel_id: int | None = None
) -> dict[str, Any]:
    """A MESSAGE_CREATE for a DM to the bot."""
    payload = load("message_create_dm.json")
    payload["id"] = str(fake.new_id())
    payload["content"] = content
    payload["author"]["id"] = str(user_id)
    if channel_id is not None:
        payload["channel_id"] = str(channel_id)
    return payload


def custom_ids(message: dict[str, Any]) -> list[str]:
    """Every component custom id in a message, in order."""
    return [
        item["custom_id"]
        for row in message.get("components", [])
        for item in row.get("components", [])
        if "custom_id" in item
    ]


def callback_path(payload: dict[str, Any]) -> str:
    """Where the first response to this interaction lands on the fake."""
    return f"/interactions/{payload['id']}/{payload['token']}/callback"


def followup_path(payload: dict[str, Any]) -> str:
    """Where follow-ups to this interaction land on the fake (webhook of the application)."""
    return f"/webhooks/{payload['application_id']}/{payload['token']}"


def modal_submit(
    fake: FakeDiscord, custom_id: str, values: dict[str, str], *, user_id: int = USER_ID
) -> dict[str, Any]:
    """A MODAL_SUBMIT (interaction type 5) for the modal `custom_id`, its text inputs (named
    by their custom ids) filled in with `values`."""
    payload = load("command_interviewed_dm.json")
    payload["id"] = str(fake.new_id())
    payload["token"] = f"token-{payload['id']}"
    payload["type"] = 5
    _set_user(payload, user_id)
    payload["data"] = {
        "custom_id": custom_id,
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]}
            for name, value in values.items()
        ],
    }
    return payload
