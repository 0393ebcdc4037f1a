"""Checks every request to the events URL before bolt sees it: signed, well formed, not a replay.

bolt parses a body before it verifies the signature, so a broken body (bad JSON, a broken
``payload=``, a JSON array, a timestamp that is not a number) became an HTTP 500 with a
traceback, whoever sent it. Here the signature comes first (401 without one), then the shape
(400); nothing reaches bolt that it cannot parse.

Replays (the same signed command, click or submission twice) are acknowledged and not
processed again: the listeners check them without holding up the ack (`sightings`). Events
carry an ``event_id`` and are de-duplicated by the listeners, since Slack's own retries are
signed anew.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web

MAX_AGE_SECONDS = 300
MAX_BODY_BYTES = 1_000_000

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
log = logging.getLogger(__name__)


class RequestGuard:
    def __init__(self, signing_secret: str, path: str) -> None:
        self._secret = signing_secret
        self._path = path

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method != "POST" or request.path != self._path:
            return await handler(request)
        refused = await self._refusal(request)
        return refused if refused is not None else await handler(request)

    async def _refusal(self, request: web.Request) -> web.Response | None:
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _answer(413, "request body too large")
        body = await request.read()  # aiohttp keeps it for bolt to read again
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
            return _answer(401, "missing or stale request timestamp")
        expected = signature_of(self._secret, timestamp, body)
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return _answer(401, "invalid request signature")
        try:
            _check_shape(body, request.content_type)
        except ValueError as error:
            log.warning("a signed Slack request had a malformed body: %s", error)
            return _answer(400, "malformed request body")
        return None


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's ``v0`` signature over the raw bytes (slack_sdk's verifier decodes the body
    first, and so raises on bytes that are not UTF-8)."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def _check_shape(body: bytes, content_type: str) -> None:
    """ValueError when bolt could not make sense of the body: it decodes it, reads JSON when
    the type says so or it starts with ``{``, and a form's ``payload`` field as JSON. A form
    without the word (a slash command) is read as a plain form, which cannot fail."""
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if content_type == "application/json" or text.startswith("{"):
        if not isinstance(json.loads(text), dict):
            raise ValueError("the JSON body is not an object")
        return
    if "payload" not in text:
        return
    fields = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
    if "payload" in fields and not isinstance(json.loads(fields["payload"]), dict):
        raise ValueError("payload is not a JSON object")


def _answer(status: int, reason: str) -> web.Response:
    return web.Response(status=status, text=reason)
