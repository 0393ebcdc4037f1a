"""A fake Slack on 127.0.0.1: the Web API, ``response_url`` hooks and a Socket Mode websocket.

It records every call exactly as received (so tests can assert on the JSON Slack would see),
answers each Web API method the adapter uses with a realistic body, and can be scripted to fail
(a 429 with ``Retry-After``, or ``{"ok": false, "error": ...}``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
APP_ID = "A0AFTERVW"


@dataclass
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    raw: str
    connection: str = ""
    """The client's address and port: calls with the same one came over one connection."""

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks") or []
        assert isinstance(blocks, list)
        return blocks

    def block_texts(self) -> list[str]:
        """Every text string in the blocks, in order (headline, sections, labels...)."""
        found: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("text"), str):
                    found.append(node["text"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.blocks)
        return found


@dataclass
class Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Start with ``await fake.start()``; stop with ``await fake.stop()``."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.socket_acks: list[dict[str, Any]] = []
        self.user_timezones: dict[str, str] = {}
        self.installation_team = "T0TEAM002"
        self.uploads: dict[str, bytes] = {}
        """Bytes received at each upload URL, by file id (files_upload_v2's step two)."""
        self._scripts: dict[str, deque[Scripted]] = {}
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "hook") -> str:
        return f"{self.base}/response/{name}"

    # -- scripting and inspection -----------------------------------------------------------

    def script(
        self,
        method: str,
        *,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls to `method` this way instead of the default."""
        queue = self._scripts.setdefault(method, deque())
        for _ in range(times):
            queue.append(Scripted(status, body if body is not None else {}, headers or {}))

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, limit: float = 10.0) -> list[Call]:
        """Wait until `method` has been called `count` times; a bound, not a speed check."""

        async def enough() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
            return self.calls_to(method)

        return await asyncio.wait_for(enough(), limit)

    async def wait_for_socket_acks(self, count: int = 1, limit: float = 10.0) -> None:
        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.socket_acks) >= count)

        await asyncio.wait_for(enough(), limit)

    async def socket_send(self, envelope: dict[str, Any], limit: float = 10.0) -> None:
        """Push an envelope to the connected Socket Mode client."""

        async def connected() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._sockets))

        await asyncio.wait_for(connected(), limit)
        await self._sockets[-1].send_str(json.dumps(envelope))

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # -- handlers ---------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json" and raw:
            params.update(json.loads(raw))
        elif raw:
            for key, value in parse_qsl(raw, keep_blank_values=True):
                params[key] = _maybe_json(value)
        await self._record(Call(method, params, dict(request.headers), raw, _peer(request)))
        queue = self._scripts.get(method)
        if queue:
            scripted = queue.popleft()
            return web.json_response(
                scripted.body, status=scripted.status, headers=scripted.headers
            )
        return web.json_response(self._default(method, params, request))

    async def _response_url(self, request: web.Request) -> web.Response:
        raw = await request.text()
        params = json.loads(raw) if raw else {}
        await self._record(Call("response_url", params, dict(request.headers), raw, _peer(request)))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record(Call("upload", {"file_id": file_id}, dict(request.headers), ""))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": APP_ID},
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                }
            )
        )
        async with self._changed:
            self._sockets.append(ws)
            self._changed.notify_all()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                async with self._changed:
                    self.socket_acks.append(json.loads(msg.data))
                    self._changed.notify_all()
        self._sockets.remove(ws)
        return ws

    def _default(self, method: str, params: dict[str, Any], request: web.Request) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        serial = next(self._ids)
        if method == "auth.test":
            return {
                **ok,
                "url": "https://fake.slack.test/",
                "team": "Fake Team",
                "user": "afterview",
                "team_id": "T0TEAM001",
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "conversations.open":
            return {**ok, "channel": {"id": f"D{params.get('users', 'X')}"}}
        if method == "chat.postMessage":
            return {**ok, "channel": params.get("channel"), "ts": f"1700000000.{serial:06d}"}
        if method == "chat.postEphemeral":
            return {**ok, "message_ts": f"1700000000.{serial:06d}"}
        if method == "chat.update":
            return {**ok, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "views.open":
            view = params.get("view") or {}
            if isinstance(view, str):
                view = json.loads(view)
            return {**ok, "view": {"id": f"V{serial}", "state": {"values": {}}, **view}}
        if method == "views.publish":
            return {**ok, "view": {"id": f"V{serial}", **(params.get("view") or {})}}
        if method == "users.info":
            user = str(params.get("user", ""))
            return {**ok, "user": {"id": user, "tz": self.user_timezones.get(user, "UTC")}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{serial:08d}"
            return {**ok, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            listed = params.get("files") or []
            if isinstance(listed, str):
                listed = json.loads(listed)
            return {**ok, "files": [{"id": f.get("id"), "title": f.get("title")} for f in listed]}
        if method == "apps.connections.open":
            return {**ok, "url": f"ws://127.0.0.1:{self.port}/link"}
        if method == "oauth.v2.access":
            return {
                **ok,
                "app_id": APP_ID,
                "authed_user": {"id": "U0INSTALL"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": "xoxb-installed-token",
                "bot_user_id": BOT_USER_ID,
                "team": {"id": self.installation_team, "name": "Second Team"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return ok


def _maybe_json(value: str) -> Any:
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _peer(request: web.Request) -> str:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else ""
