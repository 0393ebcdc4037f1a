"""The "Register an interview" form: offered by an empty `/interviewed`, answered by its inputs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.messages import Form, InputKind, Request
from bot.db.models import Interview
from bot.interviews.form import form_fields
from bot.services import Services
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services, user


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    clock = Clock(datetime(2026, 11, 18, 23, 30, tzinfo=UTC))  # already the 19th in Paris
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()


def the_form(services: Services) -> Form:
    reply = services.coach.handle(Request(who=user(), command="interviewed"))
    assert reply.form is not None
    return reply.form


def stored(services: Services) -> list[Interview]:
    with services.sessions() as session:
        return list(session.scalars(select(Interview)))


def test_an_empty_command_offers_the_form_dated_today_where_the_user_is(
    services: Services,
) -> None:
    form = the_form(services)
    kinds = {i.name: (i.kind, i.required) for i in form.inputs}
    assert kinds == {
        "company": (InputKind.SHORT, True),
        "date": (InputKind.DATE, True),
        "time": (InputKind.TIME, True),
        "interviewer": (InputKind.SHORT, False),
        "role": (InputKind.SHORT, False),
    }
    assert next(i for i in form.inputs if i.name == "date").initial == "2026-11-19"
    assert stored(services) == []


def test_picked_day_and_time_register_with_names_and_role(services: Services) -> None:
    form = the_form(services)
    answer = form.answer(
        user(),
        {
            "company": "Acme",
            "date": "2026-11-18",
            "time": "15:00",
            "interviewer": "Dana Lee, Sam Roe",
            "role": "Data Engineer",
        },
    )
    reply = services.coach.handle(answer)
    assert reply.invalid == ()
    assert reply.text.startswith("Got it"), reply.plain()
    [row] = stored(services)
    assert (row.company, row.interviewers, row.role) == (
        "Acme",
        ["Dana Lee", "Sam Roe"],
        "Data Engineer",
    )
    assert row.at.astimezone(UTC).replace(tzinfo=None) == datetime(2026, 11, 18, 14, 0)


def test_typed_words_work_in_the_day_and_time_inputs(services: Services) -> None:
    answer = the_form(services).answer(
        user(), {"company": "Globex", "date": "yesterday", "time": "3pm"}
    )
    assert services.coach.handle(answer).text.startswith("Got it")
    assert [r.company for r in stored(services)] == ["Globex"]


@pytest.mark.parametrize(
    ("values", "wrong"),
    [
        ({"company": "Acme", "date": "2026-11-18", "time": "half past never"}, "date"),
        ({"company": "Acme", "date": "2024-01-02", "time": "10:00"}, "date"),
        ({"company": "x" * 101, "date": "2026-11-18", "time": "10:00"}, "company"),
        ({"company": "Acme", "date": "yesterday", "time": ""}, "time"),
    ],
)
def test_a_wrong_answer_names_its_input_and_stores_nothing(
    services: Services, values: dict[str, str], wrong: str
) -> None:
    reply = services.coach.handle(the_form(services).answer(user(), values))
    assert [name for name, _ in reply.invalid] == [wrong], reply.plain()
    assert all(message for _, message in reply.invalid)
    assert stored(services) == []


def test_typed_text_keeps_its_old_replies_without_input_names(services: Services) -> None:
    reply = services.coach.handle(Request(who=user(), command="interviewed", text="Acme"))
    assert reply.invalid == ()


def test_only_the_forms_inputs_are_read() -> None:
    form = Form(title="t", command="interviewed", inputs=(), fields=(("interview", "3"),))
    answer = form.answer(user(), {"interview": "99", "when": "now"})
    assert answer.fields == {"interview": "3"}
    assert form_fields({"date": " 2026-11-18 ", "time": "", "role": "R"}) == {
        "role": "R",
        "when": "2026-11-18",
    }
