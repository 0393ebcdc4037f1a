"""The registration's one read: the person, the cap count and a duplicate, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.db.registration import Registrant, registrant
from bot.interviews.views import NewInterview
from bot.services import Services
from tests.nudge_support import Clock, build_services, user

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=2)


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    built = build_services(db_url, clock=Clock(NOW))
    yield built
    built.close()


def _read(services: Services, company: str, at: datetime, zone: str | None = None) -> Registrant:
    with services.engine.begin() as conn:
        return registrant(
            conn,
            user(),
            company=company,
            start=at - WINDOW,
            end=at + WINDOW,
            timezone=zone,
            now=NOW,
        )


def test_a_first_time_user_is_created_with_nothing_to_count(services: Services) -> None:
    first = _read(services, "Acme", NOW, zone="Asia/Tokyo")
    assert (first.kept, first.duplicate, first.stored.timezone) == (0, None, "Asia/Tokyo")
    again = _read(services, "Acme", NOW)
    assert again.user_id == first.user_id
    assert again.stored.timezone == "Asia/Tokyo"


def test_kept_counts_everything_but_the_cancelled(services: Services) -> None:
    kept = services.tracker.register(user(), NewInterview("Acme", NOW - timedelta(days=3)))
    services.tracker.register(user(), NewInterview("Initech", NOW - timedelta(days=2)))
    services.tracker.cancel(user(), kept.id)
    assert _read(services, "Globex", NOW).kept == 1


def test_the_duplicate_is_an_active_one_with_the_company_in_any_case_near_the_time(
    services: Services,
) -> None:
    view = services.tracker.register(user(), NewInterview("Acme Corp", NOW))
    assert _read(services, "ACME corp", NOW + timedelta(minutes=90)).duplicate == view.id
    assert _read(services, "Acme Corp", NOW + timedelta(hours=3)).duplicate is None
    assert _read(services, "Acme", NOW).duplicate is None


def test_another_persons_interviews_are_not_counted(services: Services) -> None:
    services.tracker.register(user("grace"), NewInterview("Acme", NOW))
    found = _read(services, "Acme", NOW)
    assert (found.kept, found.duplicate) == (0, None)


def test_a_stored_zone_is_not_replaced_by_a_hint(services: Services) -> None:
    _read(services, "Acme", NOW, zone="Europe/Berlin")
    assert _read(services, "Acme", NOW, zone="Asia/Tokyo").stored.timezone == "Europe/Berlin"


def test_stored_quiet_hours_and_weekends_come_back_typed(services: Services) -> None:
    _read(services, "Acme", NOW)
    services.tracker.set_quiet(user(), time(22, 0), time(7, 30))
    services.tracker.set_weekends(user(), True)
    found = _read(services, "Acme", NOW)
    stored = found.stored
    assert (stored.quiet_start, stored.quiet_end, stored.quiet_off, stored.weekends) == (
        "22:00",
        "07:30",
        False,
        True,
    )
    services.tracker.set_quiet(user(), None, None)
    assert _read(services, "Acme", NOW).stored.quiet_off is True
