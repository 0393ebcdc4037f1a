from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.platform_state import SqlPlatformState
from tests.nudge_support import Clock


def _state(url: str, clock: Clock | None = None) -> SqlPlatformState:
    engine = make_engine(url)
    upgrade(engine)
    return SqlPlatformState(make_sessions(engine), clock=clock)


def _installations(url: str) -> None:
    state = _state(url)
    assert state.load_installation("slack", "T1") is None
    state.save_installation("slack", "T1", {"bot_token": "xoxb-1", "scopes": ["chat:write"]})
    state.save_installation("slack", "T1", {"bot_token": "xoxb-2"})
    assert state.load_installation("slack", "T1") == {"bot_token": "xoxb-2"}
    assert state.load_installation("discord", "T1") is None
    state.delete_installation("slack", "T1")
    assert state.load_installation("slack", "T1") is None


def test_installations_round_trip_on_sqlite(sqlite_url: str) -> None:
    _installations(sqlite_url)


@pytest.mark.postgres
def test_installations_round_trip_on_postgres(pg_url: str) -> None:
    _installations(pg_url)


def test_first_sighting_is_true_once_per_event_even_under_races(sqlite_url: str) -> None:
    state = _state(sqlite_url)
    results: list[bool] = []
    lock = threading.Lock()

    def see() -> None:
        seen = state.first_sighting("slack", "Ev042")
        with lock:
            results.append(seen)

    threads = [threading.Thread(target=see) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    assert state.first_sighting("discord", "Ev042")  # ids are per platform


def test_old_event_ids_are_pruned(sqlite_url: str) -> None:
    clock = Clock(datetime(2026, 11, 18, tzinfo=UTC))
    state = _state(sqlite_url, clock)
    assert state.first_sighting("slack", "old")
    clock.advance(timedelta(hours=25))
    assert state.first_sighting("slack", "new")
    assert state.prune() == 1
    assert state.known_events("slack") == ["new"]


@pytest.mark.postgres
def test_first_sighting_on_postgres(pg_url: str) -> None:
    state = _state(pg_url)
    assert state.first_sighting("slack", "Ev1")
    assert not state.first_sighting("slack", "Ev1")


def test_first_sightings_records_a_batch_at_once(db_url: str) -> None:
    state = _state(db_url)
    assert state.first_sightings("slack", []) == set()
    assert state.first_sightings("slack", ["sig:a", "sig:b", "sig:a"]) == {"sig:a", "sig:b"}
    assert state.first_sightings("slack", ["sig:b", "sig:c"]) == {"sig:c"}
    assert not state.first_sighting("slack", "sig:c")  # the two calls share one record
    assert state.first_sightings("discord", ["sig:a"]) == {"sig:a"}  # per platform
    assert sorted(state.known_events("slack")) == ["sig:a", "sig:b", "sig:c"]


def test_first_sightings_from_racing_batches_give_each_id_once(sqlite_url: str) -> None:
    state = _state(sqlite_url)
    fresh: list[str] = []
    lock = threading.Lock()

    def see(offset: int) -> None:
        found = state.first_sightings("slack", [f"Ev{(offset + i) % 12}" for i in range(6)])
        with lock:
            fresh.extend(found)

    threads = [threading.Thread(target=see, args=(offset,)) for offset in range(0, 12, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(fresh) == sorted(f"Ev{i}" for i in range(12))
