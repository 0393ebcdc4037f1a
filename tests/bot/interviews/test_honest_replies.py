"""Replies that must be true: ids, paging, duplicates, years, closed things, quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.messages import Button, Request
from bot.db.models import Interview, Nudge
from bot.interviews.ids import read_interview_id, read_nudge_id
from bot.interviews.limits import INTERVIEWS_MAX, LIST_PAGE
from bot.services import Services
from tests.bot.interviews.conversation import click, say
from tests.nudge_support import Clock, build_services, user


def register(services: Services, text: str) -> int:
    reply = say(services, text)
    assert reply.text.startswith("Got it"), reply.plain()
    with services.sessions() as session:
        return int(session.scalar(select(Interview.id).order_by(Interview.id.desc())) or 0)


def nudges_of(services: Services, interview_id: int) -> list[Nudge]:
    with services.sessions() as session:
        found = session.scalars(
            select(Nudge).where(Nudge.interview_id == interview_id).order_by(Nudge.due_at)
        )
        return list(found)


@pytest.mark.parametrize(
    ("text", "interview", "nudge"),
    [("12", 12, 12), ("#12", 12, 12), ("I12", 12, None), ("i12", 12, None), ("N41", None, 41),
     ("n 41", None, 41), ("X4", None, None), ("I0", None, None), ("", None, None)],
)  # fmt: skip
def test_ids_have_distinct_forms_and_plain_numbers_still_work(
    text: str, interview: int | None, nudge: int | None
) -> None:
    assert read_interview_id(text) == interview
    assert read_nudge_id(text) == nudge


def test_replies_show_interviews_as_I_and_nudges_as_N(services: Services) -> None:
    reply = say(services, "interviewed Acme today 9am")
    interview_id = register(services, "interviewed Globex today 10am")
    first = nudges_of(services, interview_id)[0]
    assert "Interview I1." in reply.plain()
    listed = say(services, "list").plain()
    assert f"Interview I{interview_id}: Globex" in listed
    assert f"N{first.id} " in listed
    assert "#" not in listed
    assert say(services, f"done N{first.id}").text.startswith("Nice work")
    assert say(services, f"done I{first.id}").text.startswith("Which nudge?")


def test_list_pages_newest_first_and_the_newest_is_never_hidden(
    services: Services, clock: Clock
) -> None:
    total = LIST_PAGE * 2 + 3
    for day in range(total):
        clock.now = datetime(2026, 11, 18, 12, 0, tzinfo=UTC) - timedelta(days=day)
        register(services, f"interviewed Company{day:02d} today 9am")
    clock.now = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    first = say(services, "list")
    assert first.text == f"You have {total} active interviews."
    titles = [s.title for s in first.sections if s.title and s.title.startswith("Interview")]
    assert len(titles) == LIST_PAGE
    assert "Company00" in titles[0]  # the newest first
    assert "Page 1 of 3" in first.plain()
    older = [c for c in first.controls if isinstance(c, Button) and c.label == "Older interviews"]
    assert older
    second = click(services, older[0].action_id, older[0].value)
    assert "Company10" in second.plain()
    assert "Company00" not in second.plain()
    third = say(services, "list 3")
    assert "Company22" in third.plain()
    assert not any(isinstance(c, Button) and c.label == "Older interviews" for c in third.controls)
    assert say(services, "list 9").text.startswith("There is no page 9")
    assert say(services, "list banana").text.startswith("Show which interviews?")


def test_list_all_shows_stopped_interviews_and_delivered_nudges(services: Services) -> None:
    interview_id = register(services, "interviewed Acme today 9am")
    assert say(services, f"stop I{interview_id}").text.startswith("Done: no more nudges")
    assert say(services, "list").text == "You have no active interviews."
    everything = say(services, "list all").plain()
    assert "Acme" in everything
    assert "(stopped)" in everything
    assert "(cancelled)" in everything  # its nudges, with their states


def test_a_duplicate_registration_is_pointed_out(services: Services) -> None:
    first = register(services, "interviewed Acme today 9am")
    again = say(services, "interviewed acme today 9:30am")
    assert f"already registered acme at about that time (I{first})" in again.plain()
    other = say(services, "interviewed Acme tomorrow 3pm")
    assert "already registered" not in other.plain()


def test_the_year_is_shown_when_it_is_not_this_year(services: Services, clock: Clock) -> None:
    clock.now = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)
    reply = say(services, "interviewed Acme 2026-12-30 10:00")
    assert "30 Dec 2026" in reply.text
    assert "2027" not in say(services, "interviewed Globex today 9am").text


def test_closed_nudges_and_interviews_get_true_answers(services: Services) -> None:
    interview_id = register(services, "interviewed Acme today 9am")
    nudge = nudges_of(services, interview_id)[0]
    assert say(services, f"cancel I{interview_id}").text.startswith("Cancelled interview")
    again = say(services, f"cancel I{interview_id}")
    assert again.text == f"I{interview_id} (Acme) was already cancelled."
    done = say(services, f"done N{nudge.id}")
    assert "was cancelled, so there is nothing to mark done" in done.text
    assert "Nice work" not in done.text
    assert nudges_of(services, interview_id)[0].state == "cancelled"


def test_snoozing_a_done_nudge_does_not_bring_it_back(services: Services) -> None:
    interview_id = register(services, "interviewed Acme today 9am")
    nudge = nudges_of(services, interview_id)[0]
    assert say(services, f"done N{nudge.id}").text.startswith("Nice work")
    before = len(nudges_of(services, interview_id))
    reply = say(services, f"snooze N{nudge.id} 1h")
    assert "is already marked done, so there is nothing to snooze" in reply.text
    assert len(nudges_of(services, interview_id)) == before
    assert all(n.state != "pending" or n.id != nudge.id for n in nudges_of(services, interview_id))


def test_a_snooze_never_brings_a_nudge_forward(services: Services) -> None:
    interview_id = register(services, "interviewed Acme today 9am")
    later = nudges_of(services, interview_id)[1]  # due a day or more from now
    reply = say(services, f"snooze N{later.id} 20m")
    assert "already due later" in reply.text
    assert nudges_of(services, interview_id)[1].due_at == later.due_at


def test_stopping_a_withdrawn_interview_does_not_suggest_an_outcome(services: Services) -> None:
    interview_id = register(services, "interviewed Acme today 9am")
    say(services, f"outcome I{interview_id} withdrawn")
    reply = say(services, f"stop I{interview_id}")
    assert (
        reply.text
        == f"You recorded “withdrawn” for I{interview_id} (Acme), so no nudges are left to stop."
    )
    assert "outcome" not in " ".join(s.text for s in reply.sections)


def test_a_user_cannot_keep_more_than_the_cap(services: Services, clock: Clock) -> None:
    for n in range(INTERVIEWS_MAX):
        register(services, f"interviewed C{n} today 9am")
    refused = say(services, "interviewed One More today 9am")
    assert f"You already have {INTERVIEWS_MAX} interviews stored" in refused.text
    with services.sessions() as session:
        assert len(list(session.scalars(select(Interview.id)))) == INTERVIEWS_MAX
    say(services, "cancel I1")
    assert say(services, "interviewed One More today 9am").text.startswith("Got it")


def test_quiet_hours_past_grace_are_named_as_the_reason(sqlite_url: str) -> None:
    night = Clock(datetime(2026, 11, 18, 22, 30, tzinfo=UTC))
    built = build_services(sqlite_url, clock=night, timezone="UTC")  # the seconds demo plan
    try:
        reply = built.coach.handle(Request(who=user(), text="interviewed Acme today 10:29pm"))
        assert "Your quiet hours" in reply.plain()
        assert "That was a while ago" not in reply.plain()
        long_ago = built.coach.handle(Request(who=user(), text="interviewed Acme 2026-09-01 10:00"))
        assert "That was a while ago" in long_ago.plain()
    finally:
        built.close()
