"""A small fake of Discord's REST API and gateway on 127.0.0.1, recording every request.

It answers what the adapter and discord.py ask for (login, DMs, interaction callbacks,
follow-ups, command sync), enforces the 3-second window for an interaction's first response
from the snowflake time of its id (404 code 10062 when late, as Discord does), refuses a second
response (40060), and can be told to answer 403 code 50007 (closed DMs), 429 with `Via` and
`Retry-After`, or 503. Gateway events are pushed to the connected client over a real websocket.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import BodyPartReader, WSMsgType, web

BOT_USER_ID = 1_300_000_000_000_000_001
APP_ID = 1_300_000_000_000_000_002
OWNER_ID = 1_300_000_000_000_000_003
WINDOW_SECONDS = 3.0
WAIT = 10.0
"""Seconds a test waits for a request: a stuck bot fails, a slow machine still passes."""


@dataclass
class Recorded:
    """One request as the fake received it (the JSON body exactly as sent)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0
    at: float = field(default_factory=time.perf_counter)
    """When the request arrived (`time.perf_counter`), for the benchmark."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Attachments of a multipart request, by file name (``payload_json`` becomes `body`)."""


@dataclass
class Behaviour:
    """How the fake misbehaves, set by tests."""

    closed_dms: set[int] = field(default_factory=set)
    rate_limits: int = 0
    retry_after: float = 0.05
    server_errors: int = 0
    window: float = WINDOW_SECONDS
    bad_token: bool = False
    """Answer login with 401, as Discord does for a reset or mistyped token."""
    sync_error: int | None = None
    """Answer command registration with this status (400: an invalid form body)."""


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py decodes a body only when Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


async def _multipart(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """discord.py's file uploads: a ``payload_json`` part and one part per file."""
    body: Any = None
    files: dict[str, bytes] = {}
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        if part.name == "payload_json":
            body = json.loads(data)
        elif part.filename:
            files[part.filename] = bytes(data)
    return body, files


def user_json(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


class FakeDiscord:
    """Serve with `await start()`; read `requests`, wait with `wait_for(...)`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.behaviour = Behaviour()
        self.messages: dict[int, list[dict[str, Any]]] = {}
        self.dm_channels: dict[int, int] = {}
        self.answered: set[str] = set()
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._expected: dict[str, asyncio.Future[Recorded]] = {}
        self._sockets: dict[int, web.WebSocketResponse] = {}
        self.identified = 0
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.advertised_gateway: str | None = None
        """What ``/gateway/bot`` names (Discord's own address, say); default: this fake."""

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1])

    async def stop(self) -> None:
        for ws in list(self._sockets.values()):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- what tests look at ----------------------------------------------------------------

    def new_id(self) -> int:
        """A fresh snowflake from the current time (as Discord makes them)."""
        return discord.utils.time_snowflake(discord.utils.utcnow()) + next(self._ids)

    async def wait_for(self, predicate: Callable[[Recorded], bool]) -> Recorded:
        """The first recorded request matching `predicate`, waiting for it if need be."""

        def found() -> Recorded | None:
            return next((r for r in self.requests if predicate(r)), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), WAIT)
        hit = found()
        assert hit is not None
        return hit

    def expect(self, path: str) -> asyncio.Future[Recorded]:
        """A future for the next request to `path` (cheaper than `wait_for` in a benchmark)."""
        future: asyncio.Future[Recorded] = asyncio.get_running_loop().create_future()
        self._expected[path] = future
        return future

    def matching(self, predicate: Callable[[Recorded], bool]) -> list[Recorded]:
        return [r for r in self.requests if predicate(r)]

    # -- gateway ---------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Push one gateway event to the shard that owns it, as Discord does (DMs: shard 0)."""
        frame = {"op": 0, "t": event, "s": next(self._seq), "d": data}
        guild_id = int(data.get("guild_id") or 0)
        shard = (guild_id >> 22) % max(1, len(self._sockets))
        await self._sockets[shard].send_str(json.dumps(frame))

    async def wait_connected(self, count: int = 1) -> None:
        """Until `count` clients in all have identified (so restarts count again)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.identified >= count), WAIT)

    async def close_gateway(self, code: int, reason: str = "") -> None:
        """Close every client's gateway with `code` (4004: authentication failed, for good)."""
        for ws in list(self._sockets.values()):
            await ws.close(code=code, message=reason.encode())

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 40000}}))
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            if frame["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:
                shard = frame["d"].get("shard", [0, 1])
                ready = {
                    "v": 10,
                    "user": user_json(BOT_USER_ID, "afterview", bot=True),
                    "guilds": [],
                    "private_channels": [],
                    "session_id": f"session-{shard[0]}",
                    "resume_gateway_url": self.gateway_url,
                    "shard": shard,
                    "application": {"id": str(APP_ID), "flags": 0},
                }
                frame = {"op": 0, "t": "READY", "s": next(self._seq), "d": ready}
                await ws.send_str(json.dumps(frame))
                async with self._changed:
                    self._sockets[int(shard[0])] = ws
                    self.identified += 1
                    self._changed.notify_all()
        async with self._changed:
            for shard_id, open_ws in list(self._sockets.items()):
                if open_ws is ws:
                    del self._sockets[shard_id]
        return ws

    # -- REST ------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type == "multipart/form-data":
            body, files = await _multipart(request)
        elif request.can_read_body:
            raw = await request.read()
            with contextlib.suppress(ValueError):
                body = json.loads(raw)
        path = "/" + request.match_info["tail"]
        record = Recorded(request.method, path, dict(request.query), body, files=files)
        record.at = arrived
        response = self._route(request.method, path, body)
        record.status = response.status
        expected = self._expected.pop(path, None)
        if expected is not None and not expected.done():
            expected.set_result(record)
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        return response

    def _route(self, method: str, path: str, body: Any) -> web.Response:
        parts = path.strip("/").split("/")
        if (method, path) == ("GET", "/users/@me"):
            if self.behaviour.bad_token:
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            return json_response(user_json(BOT_USER_ID, "afterview", bot=True))
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return json_response(self._application())
        if (method, path) == ("GET", "/gateway/bot"):
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            url = self.advertised_gateway or self.gateway_url
            gateway = {"url": url, "shards": 2, "session_start_limit": limit}
            return json_response(gateway)
        if (method, path) == ("POST", "/users/@me/channels"):
            return self._open_dm(int(body["recipient_id"]))
        if method == "POST" and parts[0] == "channels" and parts[2:] == ["messages"]:
            return self._post_message(int(parts[1]), body)
        if method == "POST" and parts[0] == "interactions" and parts[3:] == ["callback"]:
            return self._callback(parts[1], parts[2], body)
        if parts[0] == "webhooks" and method == "POST" and len(parts) == 3:
            return json_response(self._message(0, body, webhook=True))
        if parts[0] == "webhooks" and method == "PATCH" and parts[3:4] == ["messages"]:
            return json_response(self._message(0, body, webhook=True))
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            if self.behaviour.sync_error is not None:
                error = {"message": "Invalid Form Body", "code": 50035}
                return json_response(error, status=self.behaviour.sync_error)
            return json_response([self._command(c) for c in body])
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "Afterview",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": user_json(OWNER_ID, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _open_dm(self, user_id: int) -> web.Response:
        channel_id = self.dm_channels.get(user_id)
        if channel_id is None:
            channel_id = self.new_id()
            self.dm_channels[user_id] = channel_id
        return json_response(
            {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "recipients": [user_json(user_id, f"user{user_id % 1000}")],
            }
        )

    def _post_message(self, channel_id: int, body: dict[str, Any]) -> web.Response:
        recipient = next((u for u, c in self.dm_channels.items() if c == channel_id), None)
        if self.behaviour.rate_limits > 0:
            self.behaviour.rate_limits -= 1
            retry = self.behaviour.retry_after
            return json_response(
                {"message": "You are being rate limited.", "retry_after": retry, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": str(retry)},
            )
        if self.behaviour.server_errors > 0:
            self.behaviour.server_errors -= 1
            return json_response({"message": "Service Unavailable", "code": 0}, status=503)
        if recipient in self.behaviour.closed_dms:
            return json_response(
                {"message": "Cannot send messages to this user", "code": 50007}, status=403
            )
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self._nonces.get((channel_id, str(nonce)))
            if earlier is not None:
                return json_response(earlier)
        message = self._message(channel_id, body)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = message
        self.messages.setdefault(channel_id, []).append(message)
        return json_response(message)

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> web.Response:
        created = discord.utils.snowflake_time(int(interaction_id))
        age = (discord.utils.utcnow() - created).total_seconds()
        if age > self.behaviour.window:
            return json_response({"message": "Unknown interaction", "code": 10062}, status=404)
        if interaction_id in self.answered:
            return json_response(
                {"message": "Interaction has already been acknowledged.", "code": 40060},
                status=400,
            )
        self.answered.add(interaction_id)
        data = body.get("data") or {}
        flags = int(data.get("flags", 0) or 0)
        kind = int(body["type"])
        message = self._message(0, data) if kind in (4, 7) else None
        return json_response(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_id": message["id"] if message else None,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(flags & 64),
                },
                "resource": {"type": kind, **({"message": message} if message else {})},
            }
        )

    def _message(
        self, channel_id: int, body: dict[str, Any], *, webhook: bool = False
    ) -> dict[str, Any]:
        return {
            "id": str(self.new_id()),
            "channel_id": str(channel_id or self.new_id()),
            "author": user_json(BOT_USER_ID, "afterview", bot=True),
            "content": body.get("content") or "",
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags", 0) or 0),
            **({"webhook_id": str(APP_ID)} if webhook else {}),
            **({"nonce": body["nonce"]} if body.get("nonce") is not None else {}),
        }

    def _command(self, command: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(self.new_id()),
            "application_id": str(APP_ID),
            "version": str(self.new_id()),
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            **command,
        }
