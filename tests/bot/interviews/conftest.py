"""The interview command tests' store: a real SQLite file, the shipped plan, a Paris user and a
clock that stands still on a Wednesday noon until a test moves it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.services import Services
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))


@pytest.fixture
def services(sqlite_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()
