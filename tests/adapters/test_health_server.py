"""/healthz and /metrics over real HTTP: the queue as the database has it, this process's
delivery totals, a failed platform or a database that stops answering."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from adapters.health_server import HealthServer
from bot.core.ports import TransientDeliveryError
from bot.health import Health
from bot.interviews.service import NewInterview
from bot.nudges.stats import DispatchStats
from bot.services import Services
from tests.nudge_support import Clock, RecordingNotifier, always_on, build_services, user


@pytest.fixture
async def served(sqlite_url: str) -> AsyncIterator[tuple[Services, Clock, str]]:
    clock = Clock()
    services = build_services(sqlite_url, clock=clock)
    server = HealthServer(services.health, "127.0.0.1", 0)
    await server.start()
    try:
        yield services, clock, f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()
        services.close()


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in:\n{text}")


async def test_metrics_show_the_queue_and_what_this_process_did(
    served: tuple[Services, Clock, str],
) -> None:
    services, clock, base = served
    notifier = RecordingNotifier()
    services.add_notifier(notifier)
    who = user()
    always_on(services, who)
    view = services.tracker.register(who, NewInterview("Acme", clock.now))
    owed = [n.id for n in view.upcoming]
    clock.advance(timedelta(seconds=16))  # every step of the seconds plan is due, in grace
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            before = await response.text()
        assert metric(before, "afterview_nudges_due") == len(owed)
        assert metric(before, "afterview_queue_lag_seconds") > 0
        assert metric(before, "afterview_nudges_sent_total") == 0

        notifier.failures[owed[0]] = [TransientDeliveryError("try later")]
        await services.dispatch_pass()
        async with http.get(f"{base}/metrics") as response:
            after = await response.text()
    assert metric(after, "afterview_nudges_sent_total") == len(owed) - 1
    assert metric(after, "afterview_nudges_retried_total") == 1
    assert metric(after, "afterview_nudges_failed_total") == 0
    assert metric(after, "afterview_nudges_due") == 0  # the retry waits for its backoff
    assert metric(after, "afterview_queue_lag_seconds") == 0


async def test_healthz_is_ok_then_names_what_is_wrong(
    served: tuple[Services, Clock, str],
) -> None:
    services, _clock, base = served
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "checks": {"database": "ok"}}
        services.health.platforms["discord"] = "Discord closed the gateway (4004)"
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 503
            body = await response.json()
        assert body["checks"]["discord"] == "Discord closed the gateway (4004)"
        async with http.get(f"{base}/metrics") as response:
            assert 'afterview_platform_up{platform="discord"} 0.0' in await response.text()


async def test_a_database_that_does_not_answer_is_unhealthy() -> None:
    engine = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:1/gone", connect_args={"connect_timeout": 2}
    )
    health = Health(sessionmaker(engine), DispatchStats(), Clock())
    server = HealthServer(health, "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{server.port}/healthz") as response:
                assert response.status == 503
                assert (await response.json())["checks"]["database"].startswith("not answering")
            async with http.get(f"http://127.0.0.1:{server.port}/metrics") as response:
                assert response.status == 503
    finally:
        await server.stop()
        engine.dispose()
