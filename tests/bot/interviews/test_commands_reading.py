"""The interview commands reading times and names as people type them: a one-click answer to
"what time?", readings stated back, free snooze lengths, zones by city or any case, and quiet
hours on the 12-hour clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.messages import Button
from bot.db.models import Interview, Nudge, User
from bot.interviews.replies import WHEN_ACTION
from bot.services import Services
from tests.bot.interviews.conversation import click, say
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
"""A Wednesday, 13:00 in Paris."""


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=Clock(NOW), timezone="Europe/Paris")
    yield built
    built.close()


def count(services: Services, model: type[object]) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_day_without_a_time_is_asked_and_a_click_registers_the_picked_time(
    services: Services,
) -> None:
    asked = say(services, "interviewed Acme yesterday with Dana Lee")
    assert asked.text.startswith("What time on Tue 17 Nov?")
    assert count(services, Interview) == 0
    buttons = [c for c in asked.controls if isinstance(c, Button)]
    assert [b.label for b in buttons] == ["10:00", "14:00", "16:00"]
    assert all(b.action_id == WHEN_ACTION for b in buttons)
    done = click(services, buttons[1].action_id, buttons[1].value)
    assert done.text == "Got it: Acme — Tue 17 Nov 14:00 CET, with Dana Lee"
    assert count(services, Interview) == 1


def test_a_forged_time_click_is_read_like_typed_text(services: Services) -> None:
    reply = click(services, WHEN_ACTION, "<!channel> soon")
    assert count(services, Interview) == 0
    assert not reply.text.startswith("Got it")


def test_a_reading_that_could_be_wrong_is_stated_in_the_echo(services: Services) -> None:
    reply = say(services, "interviewed Acme yesterday 3pm EST")
    assert reply.text == "Got it: Acme — Tue 17 Nov 21:00 CET"
    assert "I read “EST” as US Eastern Standard Time, UTC-5." in reply.plain()


def _nudge(services: Services, *, last: bool = False) -> tuple[int, datetime]:
    order = Nudge.due_at.desc() if last else Nudge.due_at
    with services.sessions() as session:
        row = session.scalars(select(Nudge).where(Nudge.state == "pending").order_by(order)).first()
        assert row is not None
        return row.id, row.due_at


@pytest.mark.parametrize(
    ("typed", "says"),
    [("45m", "45 minutes"), ("2 days", "2 days"), ("monday 9am", "until Mon 23 Nov 09:00")],
)
def test_snooze_takes_free_lengths_and_times(services: Services, typed: str, says: str) -> None:
    say(services, "interviewed Acme today 9am")
    nudge_id, _ = _nudge(services)
    reply = say(services, f"snooze {nudge_id} {typed}")
    assert reply.text.startswith("Snoozed"), reply.plain()
    assert says in reply.plain()


def test_a_snooze_never_brings_a_nudge_forward(services: Services) -> None:
    say(services, "interviewed Acme today 9am")
    nudge_id, due = _nudge(services, last=True)
    assert due - NOW > timedelta(hours=12)
    say(services, f"snooze {nudge_id} 20m")
    with services.sessions() as session:
        found = session.get(Nudge, nudge_id)
        assert found is not None
        assert found.due_at == due


def test_an_unreadable_snooze_shows_the_forms(services: Services) -> None:
    say(services, "interviewed Acme today 9am")
    nudge_id, _ = _nudge(services)
    reply = say(services, f"snooze {nudge_id} 45 days")
    assert reply.text.startswith("Which nudge, and until when?")
    assert "snooze N41 monday 9am" in reply.plain()


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("paris", "Europe/Paris"), ("EUROPE/LONDON", "Europe/London"),
     ("New York", "America/New_York"), ("san francisco", "America/Los_Angeles"), ("utc", "UTC")],
)  # fmt: skip
def test_timezones_in_any_case_and_by_city(services: Services, typed: str, zone: str) -> None:
    assert f"Timezone: {zone}" in say(services, f"settings timezone {typed}").plain()


def test_a_misspelt_timezone_gets_the_closest_suggestion(services: Services) -> None:
    reply = say(services, "settings timezone Europe/Pairs")
    assert reply.text == "“Europe/Pairs” is not a timezone I know. Did you mean Europe/Paris?"
    assert "settings timezone Europe/Paris" in reply.plain()
    assert "Did you mean" not in say(services, "settings timezone ../../etc/passwd").text


def test_quiet_hours_on_the_12_hour_clock(services: Services) -> None:
    assert "Quiet hours: 22:00–07:00" in say(services, "settings quiet 10pm-7am").plain()
    assert "Quiet hours: 23:30–06:15" in say(services, "settings quiet 11:30 pm to 6:15 am").plain()
    with services.sessions() as session:
        stored = session.scalars(select(User)).one()
        assert (stored.quiet_start, stored.quiet_end) == ("23:30", "06:15")
    assert say(services, "settings quiet 13pm-7am").text.startswith("Give quiet hours")
