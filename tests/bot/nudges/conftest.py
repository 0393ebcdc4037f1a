"""The nudge tests' store: a real SQLite file, the seconds plan, and a hand-moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.services import Services
from tests.nudge_support import Clock, build_services


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))


@pytest.fixture
def services(sqlite_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(sqlite_url, clock=clock)
    yield built
    built.close()
