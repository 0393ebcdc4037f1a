"""Acks first: work after an ack waits while requests are being answered, but not forever."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.slack.ack_gate import AckGate


async def test_turn_comes_at_once_when_nothing_is_in_flight() -> None:
    gate = AckGate(max_wait=60, quiet=0)
    await asyncio.wait_for(gate.wait_turn(), 5)
    assert gate.in_flight == 0


async def test_work_waits_until_the_requests_in_flight_are_answered() -> None:
    gate = AckGate(max_wait=60, quiet=0)
    gate.enter()
    gate.enter()
    waiting = asyncio.ensure_future(gate.wait_turn())
    await asyncio.sleep(0)
    gate.leave()
    await asyncio.sleep(0)
    assert not waiting.done()  # one request is still being answered
    gate.leave()
    await asyncio.wait_for(waiting, 5)
    assert gate.in_flight == 0


async def test_work_waits_for_a_quiet_moment_after_a_burst() -> None:
    gate = AckGate(max_wait=60, quiet=60)
    gate.enter()
    gate.leave()
    waiting = asyncio.ensure_future(gate.wait_turn())
    for _ in range(3):
        await asyncio.sleep(0)
    assert not waiting.done()  # the burst just ended: not quiet for 60 s yet
    waiting.cancel()


async def test_work_goes_ahead_once_the_burst_has_been_quiet() -> None:
    gate = AckGate(max_wait=60, quiet=0.01)
    gate.enter()
    gate.leave()
    await asyncio.wait_for(gate.wait_turn(), 5)
    assert gate.in_flight == 0


async def test_work_goes_ahead_after_max_wait_even_under_load() -> None:
    gate = AckGate(max_wait=0.01)
    gate.enter()
    await asyncio.wait_for(gate.wait_turn(), 5)
    assert gate.in_flight == 1


async def test_middleware_counts_requests_while_they_are_handled() -> None:
    gate = AckGate()
    seen: list[int] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(gate.in_flight)
        return web.Response(text="ok")

    app = web.Application(middlewares=[gate.middleware])
    app.router.add_post("/slack/events", handler)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        response = await client.post("/slack/events")
        assert response.status == 200
    assert seen == [1]
    assert gate.in_flight == 0
