"""Send real, signed HTTP requests to a running Slack app, as Slack would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from tests.adapters.slack.signing import form_body, interactive_body, payload, signed_headers

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Answer:
    """The app's HTTP response."""

    status: int
    text: str

    def json(self) -> dict[str, Any]:
        data = json.loads(self.text)
        assert isinstance(data, dict)
        return data


class SlackSender:
    def __init__(self, url: str, secret: str, response_url: str) -> None:
        self.url = url
        self.secret = secret
        self.response_url = response_url
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SlackSender:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Answer:
        assert self._session is not None
        headers = signed_headers(
            secret or self.secret, body, timestamp=timestamp, content_type=content_type
        )
        headers.update(extra_headers or {})
        async with self._session.post(self.url, data=body.encode(), headers=headers) as response:
            return Answer(response.status, await response.text())

    async def command(self, text: str, *, command: str = "/interviewed", **fields: str) -> Answer:
        data = payload("slash_command")
        data.update(command=command, text=text, response_url=self.response_url, **fields)
        return await self.post(form_body(data), FORM)

    async def action(
        self,
        action_id: str,
        value: str,
        *,
        fixture: str = "block_actions_button",
        user: str | None = None,
    ) -> Answer:
        data = payload(fixture)
        if "response_url" in data:
            data["response_url"] = self.response_url
        if user is not None:
            data["user"]["id"] = user
        clicked = data["actions"][0]
        clicked["action_id"] = action_id
        if "selected_option" in clicked:
            clicked["selected_option"]["value"] = value
        else:
            clicked["value"] = value
        return await self.post(interactive_body(data), FORM)

    async def submit(
        self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str | None = None
    ) -> Answer:
        """Submit a modal that the app opened (`view`, as ``views.open`` got it) with these
        element states, keyed by block id: ``{"company": {"type": "plain_text_input",
        "value": "Acme"}}``."""
        data = payload("view_submission")
        if user is not None:
            data["user"]["id"] = user
        data["view"].update(
            callback_id=view["callback_id"],
            private_metadata=view["private_metadata"],
            blocks=view["blocks"],
            state={"values": {block: {"value": state} for block, state in values.items()}},
        )
        return await self.post(interactive_body(data), FORM)

    async def event(
        self,
        data: dict[str, Any],
        *,
        retry: int | None = None,
    ) -> Answer:
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(
            json.dumps(data), "application/json", extra_headers=extra if retry else None
        )
