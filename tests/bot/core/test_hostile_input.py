"""Hostile input gets a specific, friendly reply: never the generic failure, never a trace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.failures import GENERIC_FAILURE
from bot.core.messages import Identity, Request
from bot.db.models import Interview
from bot.db.users import USER_MAX
from bot.services import Services
from tests.fuzz_inputs import requests
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services, user


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    clock = Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()


def test_a_300_character_timezone_is_not_a_timezone(services: Services) -> None:
    reply = services.coach.handle(Request(who=user(), text="settings timezone " + "a" * 300))
    assert "is not a timezone I know" in reply.text
    assert services.coach.failures == 0


@pytest.mark.parametrize(
    "text", ["interviewed Ac\ud800me today 9am", "hello \udfff", "settings timezone \ud83d"]
)
def test_lone_surrogates_are_asked_again_and_nothing_is_stored(
    services: Services, text: str
) -> None:
    reply = services.coach.handle(Request(who=user(), text=text))
    assert "broken characters" in reply.text
    with services.sessions() as session:
        assert session.scalar(select(Interview.id)) is None


def test_control_characters_are_blanked_and_the_command_still_works(services: Services) -> None:
    reply = services.coach.handle(Request(who=user(), text="interviewed Ac\x00me\x1b today 9am"))
    assert reply.text.startswith("Got it: Ac me"), reply.text
    assert "\x00" not in reply.plain()
    assert "\x1b" not in reply.plain()


def test_an_over_long_user_id_gets_a_clear_reply_and_is_never_cut(services: Services) -> None:
    long_one = Identity("console", "local", "u" * (USER_MAX + 1))
    reply = services.coach.handle(Request(who=long_one, text="interviewed Acme today 9am"))
    assert "longer than I can store" in reply.text
    assert services.coach.failures == 0
    prefix = Identity("console", "local", "u" * USER_MAX)
    assert services.coach.handle(Request(who=prefix, text="list")).text.startswith("You have no")


def test_a_failed_write_is_said_not_to_be_saved(services: Services) -> None:
    # The database itself refuses the nudges' INSERT (as a full disk would), after the
    # interview's row went in: the whole registration must be rolled back.
    refuse = (
        "CREATE TRIGGER refuse BEFORE INSERT ON nudges "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with services.engine.begin() as conn:
        conn.exec_driver_sql(refuse)
    try:
        reply = services.coach.handle(Request(who=user(), text="interviewed Acme today 9am"))
    finally:
        with services.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER refuse")
    assert reply.text == GENERIC_FAILURE
    assert "not saved" in reply.text
    assert "try again" in reply.text
    assert "lost" not in reply.text
    assert services.coach.handle(Request(who=user(), text="list")).text.startswith("You have no")


@pytest.mark.parametrize("text", ["hi", "Hello!", "thanks", "thank you", "yes", "ok"])
def test_small_talk_gets_a_short_reply(services: Services, text: str) -> None:
    reply = services.coach.handle(Request(who=user(), text=text))
    assert "Not my area" not in reply.plain()
    assert len(reply.plain()) < 200


def test_gibberish_gets_a_short_reply(services: Services) -> None:
    reply = services.coach.handle(Request(who=user(), text="qwzxv plorb"))
    assert reply.text == "Sorry, I didn't catch that."
    assert len(reply.plain()) < 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_commands_and_clicks_never_get_the_generic_failure(
    services: Services, data: st.DataObject
) -> None:
    request = data.draw(requests(user("fuzz")))
    reply = services.coach.handle(request)
    assert reply.text != GENERIC_FAILURE, request
    assert services.coach.failures == 0
