"""Users by full identity: created once, owned rows only, over-long ids refused, never cut."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time

import pytest

from bot.core.messages import Identity
from bot.db import users
from bot.db.prepared import KeptReader
from bot.db.users import USER_MAX, IdentityTooLong, StoredPreferences
from bot.interviews.views import NewInterview
from bot.services import Services
from tests.nudge_support import Clock, build_services, user

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    built = build_services(db_url, clock=Clock(NOW))  # a Wednesday noon: no quiet hours
    yield built
    built.close()


def test_find_or_create_makes_one_row_and_seeds_the_zone_only_once(services: Services) -> None:
    with services.sessions.begin() as session:
        first = users.find_or_create(session, user(), timezone="Europe/Paris", now=NOW)
        again = users.find_or_create(session, user(), timezone="Asia/Tokyo", now=NOW)
        assert first.id == again.id
        assert again.timezone == "Europe/Paris"
    with services.sessions() as session:
        assert users.find(session, user("someone-else")) is None


def test_an_identity_longer_than_its_column_is_refused_not_cut(services: Services) -> None:
    long_id = "u" * (USER_MAX + 1)
    with pytest.raises(IdentityTooLong), services.sessions.begin() as session:
        users.find_or_create(session, user(long_id), timezone=None, now=NOW)
    with services.sessions() as session:  # and nothing under the cut id exists either
        assert users.find(session, user(long_id[:USER_MAX])) is None
    users.check_identity(Identity("console", "local", "u" * USER_MAX))  # the longest that fits


def test_owned_rows_are_found_only_for_their_owner(services: Services) -> None:
    view = services.tracker.register(user("ada"), NewInterview("Acme", NOW))
    nudge_id = view.upcoming[0].id
    with services.sessions() as session:
        assert users.owned_interview(session, user("ada"), view.id) is not None
        assert users.owned_interview(session, user("bob"), view.id) is None
        assert users.owned_nudge(session, user("ada"), nudge_id) is not None
        assert users.owned_nudge(session, user("bob"), nudge_id) is None
        assert users.owned_nudge(session, user("ada", workspace="other"), nudge_id) is None


def test_the_stored_preferences_are_as_set_or_none(services: Services) -> None:
    assert users.stored_preferences(services.engine, user()) is None
    services.tracker.register(user(), NewInterview("Acme", NOW), tz_hint="Europe/Berlin")
    assert users.stored_preferences(services.engine, user()) == StoredPreferences(
        "Europe/Berlin", None, None, False, None
    )
    services.tracker.set_weekends(user(), False)
    services.tracker.set_quiet(user(), None, None)
    assert users.stored_preferences(services.engine, user()) == StoredPreferences(
        "Europe/Berlin", None, None, True, False
    )
    assert users.stored_preferences(services.engine, user("someone-else")) is None


def test_the_kept_reader_reads_the_same_preferences_as_the_pool(services: Services) -> None:
    reader = KeptReader(services.engine)
    try:
        assert users.stored_preferences(reader, user()) is None
        services.tracker.register(user(), NewInterview("Acme", NOW), tz_hint="Asia/Tokyo")
        services.tracker.set_quiet(user(), time(22), time(7))
        for who in (user(), user("someone-else")):
            from_pool = users.stored_preferences(services.engine, who)
            assert users.stored_preferences(reader, who) == from_pool
        assert users.stored_preferences(reader, user()) == StoredPreferences(
            "Asia/Tokyo", "22:00", "07:00", False, None
        )
    finally:
        reader.close()
