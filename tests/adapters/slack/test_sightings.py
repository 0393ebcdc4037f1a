"""Replay checks that arrive together are recorded in one database call, each answered alone."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest

from adapters.slack.sightings import Sightings
from bot.db.engine import make_engine, make_sessions
from bot.db.platform_state import SqlPlatformState


async def test_a_burst_of_checks_shares_a_few_database_calls(
    platform_state: SqlPlatformState,
) -> None:
    sightings = Sightings(platform_state)
    keys = [f"sig:{i}" for i in range(40)]
    first = await asyncio.gather(*(sightings.first(key) for key in keys))
    assert first == [True] * 40
    assert 1 <= sightings.batches <= 2  # the first alone, the 39 that waited for it together
    again = await asyncio.gather(*(sightings.first(key) for key in keys[:5]))
    assert again == [False] * 5
    assert platform_state.first_sightings("slack", [*keys[:3], "sig:new"]) == {"sig:new"}


async def test_the_same_key_twice_in_one_batch_is_new_once(
    platform_state: SqlPlatformState,
) -> None:
    sightings = Sightings(platform_state)
    results = await asyncio.gather(
        sightings.first("sig:warm"), *(sightings.first("sig:twice") for _ in range(3))
    )
    assert results[0] is True
    assert sorted(results[1:]) == [False, False, True]


class BrokenState(SqlPlatformState):
    def first_sightings(self, platform: str, event_ids: Sequence[str]) -> set[str]:
        raise OSError("database unreachable")


async def test_a_failed_check_fails_every_request_waiting_on_it(tmp_path: Path) -> None:
    sightings = Sightings(BrokenState(make_sessions(make_engine(f"sqlite:///{tmp_path}/x.db"))))
    results = await asyncio.gather(
        *(sightings.first(f"sig:{i}") for i in range(3)), return_exceptions=True
    )
    assert [type(result) for result in results] == [OSError] * 3
    with pytest.raises(OSError, match="unreachable"):  # checked again, not stuck
        await sightings.first("sig:later")
