"""The nudge tests' store: a real SQLite file, the seconds plan, and a hand-moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.services import Services
from tests.nudge_support import SECONDS_PLAN, Clock, build_services


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))


@pytest.fixture
def plan_path() -> Path:
    """The plan `services` runs: seconds-scale steps, so tests move the clock by seconds.
    Parametrize `plan_path` for a test that needs another (the shipped hours-and-days plan)."""
    return SECONDS_PLAN


@pytest.fixture
def services(sqlite_url: str, clock: Clock, plan_path: Path) -> Iterator[Services]:
    built = build_services(sqlite_url, plan=plan_path, clock=clock)
    yield built
    built.close()
