"""`/healthz` and `/metrics` over HTTP while serving (``AFTERVIEW_HEALTH_PORT``).

`/healthz` answers 200 with ``ok`` lines while the database answers and every platform is up,
503 with what is wrong otherwise; `/metrics` is Prometheus text (see `bot.health`).
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from bot.health import CONTENT_TYPE, Health

HEALTH_TIMEOUT = 5.0
"""A database that takes longer than this to answer counts as down."""


class HealthServer:
    """A small aiohttp server; `port` is the one bound (useful with port 0)."""

    def __init__(self, health: Health, host: str, port: int) -> None:
        self._health = health
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                self.port = int(address[1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                report = await asyncio.to_thread(self._health.report)
        except TimeoutError:
            return _json(503, {"status": "failing", "checks": {"database": "no answer in 5 s"}})
        status = "ok" if report.ok else "failing"
        return _json(200 if report.ok else 503, {"status": status, "checks": report.checks})

    async def _metrics(self, _request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                body = await asyncio.to_thread(self._health.metrics)
        except Exception as error:  # the database is down: say so, do not crash the server
            return web.Response(status=503, text=f"metrics unavailable: {type(error).__name__}\n")
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def _json(status: int, body: dict[str, object]) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, sort_keys=True), content_type="application/json"
    )
