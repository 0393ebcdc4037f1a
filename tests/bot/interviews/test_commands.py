"""The interview commands and buttons, through the real coach and a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.core.messages import Button, Menu, Reply, Request, Tone
from bot.db.models import Interview, Nudge, Unreachable, User
from bot.review.reply import HEADLINES
from bot.services import Services
from tests.bot.interviews.conversation import click, say
from tests.nudge_support import SHIPPED_PLAN, build_services, user


def rows(services: Services, model: type[object]) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def registered(services: Services, text: str = "interviewed Acme today 9am with Dana Lee") -> int:
    reply = say(services, text)
    assert reply.text.startswith("Got it"), reply.plain()
    with services.sessions() as session:
        return int(session.scalar(select(func.max(Interview.id))) or 0)


def first_nudge(services: Services, interview_id: int) -> int:
    with services.sessions() as session:
        found = session.scalar(
            select(func.min(Nudge.id)).where(
                Nudge.interview_id == interview_id, Nudge.state == "pending"
            )
        )
        assert found is not None
        return int(found)


def _states(services: Services) -> set[str]:
    with services.sessions() as session:
        return set(session.scalars(select(Nudge.state)))


def _snapshot(services: Services) -> list[tuple[object, ...]]:
    with services.sessions() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(Nudge.id, Nudge.state, Nudge.due_at, Interview.status, Interview.outcome)
                .join(Interview)
                .order_by(Nudge.id)
            )
        ]


_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


_SHARED: dict[str, Services] = {}


def _shared_services(factory: pytest.TempPathFactory) -> Services:
    if "s" not in _SHARED:
        path: Path = factory.mktemp("fuzz") / "fuzz.sqlite3"
        _SHARED["s"] = build_services(f"sqlite:///{path}", plan=SHIPPED_PLAN)
    return _SHARED["s"]


def test_interviewed_echoes_what_was_understood_and_the_plan_with_local_times(
    services: Services,
) -> None:
    reply = say(services, "/interviewed Acme today 9am with Dana Lee for Data Analyst")
    assert reply.text == "Got it: Acme — Wed 18 Nov 09:00 CET, with Dana Lee (for Data Analyst)"
    plan = reply.plain()
    assert "Thu 19 Nov 10:00 CET — Give your references a heads-up" in plan
    assert reply.private
    assert any(isinstance(c, Button) and c.action_id == "interview.stop" for c in reply.controls)
    assert rows(services, Interview) == 1
    assert rows(services, Nudge) >= 4


def test_aliases_reach_the_same_command(services: Services) -> None:
    assert say(services, "interview Globex today 10:00").text.startswith("Got it: Globex")
    assert "active interview" in say(services, "nudges").text
    assert "active interview" in say(services, "interviews").text


@pytest.mark.parametrize(
    "text",
    [
        "interviewed at Acme yesterday, can I call them tomorrow?",
        "interview was 8 days ago and i never sent a thank-you. is sending one now still ok?",
        "forget it, should I just call them instead?",
        "stop it, is it ok to follow up twice in a week?",
    ],
)
def test_a_question_that_starts_like_the_command_is_answered_not_registered(
    services: Services, text: str
) -> None:
    reply = say(services, text)
    assert not reply.text.startswith("Got it"), reply.plain()
    assert "What time" not in reply.plain()
    assert rows(services, Interview) == 0
    assert reply.verdict is not None, reply.plain()  # the advisor's answer
    forced = say(services, "/interviewed Acme yesterday 3pm, ok?")
    assert forced.text.startswith("Got it"), forced.plain()  # the slash still registers
    assert say(services, "list?").verdict is None  # too short to be a question: still `list`
    umbrella = say(services, text, command="afterview")  # Slack's /afterview TEXT
    assert umbrella.verdict is not None, umbrella.plain()


def test_commands_that_take_text_keep_their_questions(services: Services) -> None:
    asked = say(services, "ask is it okay to add my interviewer on LinkedIn?")
    assert asked.verdict is not None, asked.plain()
    reviewed = say(services, "review Dear Dana, thank you for the chat today. Shall we talk soon?")
    assert reviewed.text in HEADLINES.values(), reviewed.plain()  # the reviewer's, not advice


def test_a_problem_with_the_time_is_asked_about_and_nothing_is_stored(services: Services) -> None:
    reply = say(services, "interviewed Acme")
    assert not reply.text.startswith("Got it")
    assert "example" in reply.plain().lower()
    assert rows(services, Interview) == 0
    assert rows(services, User) == 0


def test_an_empty_command_shows_examples(services: Services) -> None:
    reply = say(services, "interviewed")
    assert "interviewed Acme yesterday 3pm with Dana Lee" in reply.plain()
    assert rows(services, Interview) == 0


def test_over_long_texts_are_refused_or_capped_with_a_note(services: Services) -> None:
    company = "Very" + "long" * 40
    refused = say(services, f"interviewed {company} today 9am")
    assert "longer than 100 characters" in refused.text
    assert rows(services, Interview) == 0
    name = "Bartholomew" + "x" * 70
    reply = say(services, f"interviewed Acme today 9am with {name}")
    assert "shortened a name to 60 characters" in reply.plain()
    with services.sessions() as session:
        stored = session.scalar(select(Interview.interviewers))
    assert stored is not None
    assert all(len(n) <= 60 for n in stored)


def test_list_shows_interviews_with_upcoming_nudges_and_controls(services: Services) -> None:
    interview_id = registered(services)
    reply = say(services, "list")
    assert reply.text == "You have 1 active interview."
    assert f"Interview I{interview_id}: Acme" in reply.plain()
    assert any(isinstance(c, Menu) and c.action_id == "nudge.snooze" for c in reply.controls)
    buttons = {(c.action_id, c.value) for c in reply.controls if isinstance(c, Button)}
    assert buttons == {
        ("interview.stop", str(interview_id)),
        ("interview.cancel", str(interview_id)),
    }
    assert say(services, "list", who=user("eve")).text == "You have no active interviews."


def test_snooze_done_stop_and_cancel_commands(services: Services) -> None:
    interview_id = registered(services)
    nudge_id = first_nudge(services, interview_id)
    assert say(services, f"snooze {nudge_id} next week").text.startswith("Snoozed")
    assert say(services, f"snooze {nudge_id} forever").text.startswith("Which nudge")
    assert say(services, f"done #{nudge_id}").text.startswith("Nice work")
    assert "no more nudges about Acme" in say(services, f"stop {interview_id}").text
    other = registered(services, "interviewed Globex today 10am")
    assert say(services, f"cancel {other}").text.startswith("Cancelled interview")
    assert say(services, "cancel banana").text.startswith("Which interview")
    with services.sessions() as session:
        states = set(session.scalars(select(Nudge.state)))
    assert "pending" not in states


def test_outcome_with_one_active_interview_needs_no_id(services: Services) -> None:
    registered(services)
    reply = say(services, "outcome rejected")
    assert reply.text == services.plan.outcomes["rejected"].title
    assert "cancelled" in reply.plain()
    assert say(services, "list").text == "You have no active interviews."


def test_outcome_asks_which_interview_when_there_are_several(services: Services) -> None:
    registered(services)
    registered(services, "interviewed Globex today 10am")
    reply = say(services, "outcome offer")
    assert reply.text.startswith("Which interview")
    assert "Globex" in reply.plain()
    assert rows(services, Nudge) > 0
    assert "cancelled" not in _states(services)


def test_they_will_decide_by_friday_reshapes_the_follow_ups(services: Services) -> None:
    interview_id = registered(services)
    reply = say(services, f"outcome {interview_id} they said they'll decide by Friday")
    assert "will decide by Fri 20 Nov 17:00 CET" in reply.plain()
    assert reply.text == services.plan.outcomes["pending"].title
    bad = say(services, f"outcome {interview_id} pending by the twelfth of never")
    assert "couldn't find a date" in bad.text
    assert bad.tone is Tone.WARNING


@pytest.mark.parametrize("unclear", ["3", "May", "4/12"])
def test_an_unclear_decision_date_is_asked_about_not_guessed(
    services: Services, unclear: str
) -> None:
    interview_id = registered(services)
    reply = say(services, f"outcome {interview_id} pending by {unclear}")
    assert reply.tone is Tone.WARNING
    assert "For example" in reply.plain()
    assert "will decide by" not in reply.plain()


def test_typed_outcome_options_need_no_text(services: Services) -> None:
    interview_id = registered(services)
    fields = {"result": "rejected", "interview": str(interview_id)}
    reply = services.coach.handle(Request(who=user(), command="outcome", fields=fields))
    assert services.tracker.interview(user(), interview_id) is not None
    view = services.tracker.interviews(user(), include_closed=True)[0]
    assert view.outcome == "rejected"
    assert reply.text


def test_the_platform_timezone_hint_is_used_until_the_user_sets_one(services: Services) -> None:
    reply = say(services, "interviewed Acme today 9am", tz_hint="America/New_York")
    assert "EST" in reply.text
    assert "Timezone: America/New_York" in say(services, "settings").plain()


def test_forget_me_asks_first_then_deletes_everything(services: Services) -> None:
    registered(services)
    say(services, "settings timezone Asia/Tokyo")
    ask = say(services, "forget-me")
    assert any(isinstance(c, Button) and c.action_id == "forget.confirm" for c in ask.controls)
    assert rows(services, Interview) == 1
    done = click(services, "forget.confirm", "me")
    assert done.text == "Done: I deleted everything I stored about you."
    assert rows(services, Interview) == rows(services, Nudge) == rows(services, User) == 0
    registered(services)
    assert say(services, "forget-me confirm").text.startswith("Done: I deleted")
    assert rows(services, User) == 0


def test_buttons_act_on_the_clicking_users_own_nudges(services: Services) -> None:
    interview_id = registered(services)
    nudge_id = first_nudge(services, interview_id)
    assert click(services, "nudge.snooze", f"{nudge_id}:3h").text.startswith("Snoozed")
    assert click(services, "nudge.done", str(nudge_id)).text.startswith("Nice work")
    second = first_nudge(services, interview_id)
    offer = click(services, "nudge.offer", str(second))
    assert offer.text == services.plan.outcomes["offer"].title
    assert "pending" not in _states(services)


def test_nudge_stop_and_interview_buttons(services: Services) -> None:
    a = registered(services)
    assert "no more nudges" in click(services, "nudge.stop", str(first_nudge(services, a))).text
    b = registered(services, "interviewed Globex today 10am")
    assert click(services, "interview.cancel", str(b)).text.startswith("Cancelled")
    c = registered(services, "interviewed Initech today 11am")
    assert "no more nudges" in click(services, "interview.stop", str(c)).text
    d = registered(services, "interviewed Hooli today 11am")
    rejected = click(services, "nudge.rejected", str(first_nudge(services, d)))
    assert rejected.text == services.plan.outcomes["rejected"].title


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("nudge.done", "NUDGE"),
        ("nudge.snooze", "NUDGE:1h"),
        ("nudge.offer", "NUDGE"),
        ("nudge.stop", "NUDGE"),
        ("interview.stop", "INTERVIEW"),
        ("interview.cancel", "INTERVIEW"),
        ("nudge.done", "garbage"),
        ("nudge.snooze", "NUDGE:forever"),
        ("nudge.snooze", "::"),
        ("nudge.done", "99999999999999999999"),
        ("nudge.done", "-1"),
        ("interview.stop", ""),
        ("nudge.explode", "NUDGE"),
        ("forget.everyone", "me"),
    ],
)
def test_forged_or_stale_clicks_are_refused_and_change_nothing(
    services: Services, action_id: str, value: str
) -> None:
    interview_id = registered(services)
    nudge_id = first_nudge(services, interview_id)
    before = _snapshot(services)
    forged = value.replace("NUDGE", str(nudge_id)).replace("INTERVIEW", str(interview_id))
    reply = click(services, action_id, forged, who=user("mallory"))
    assert "couldn't find" in reply.text
    assert _snapshot(services) == before


def test_a_click_on_a_deleted_nudge_is_refused(services: Services) -> None:
    interview_id = registered(services)
    nudge_id = first_nudge(services, interview_id)
    click(services, "forget.confirm", "me")
    assert "couldn't find" in click(services, "nudge.done", str(nudge_id)).text
    assert rows(services, Nudge) == 0


def test_an_unreachable_user_is_told_at_their_next_interaction(services: Services) -> None:
    registered(services)
    with services.sessions.begin() as session:
        row = session.scalar(select(User))
        assert row is not None
        session.add(Unreachable(user_id=row.id, since=datetime.now(UTC), reason="50007"))
    assert services.unreachable is not None
    services.unreachable.invalidate()  # as the dispatcher does when it marks someone
    reply = say(services, "list")
    assert "I couldn't DM you" in reply.plain()
    assert reply.text == "You have 1 active interview."
    assert "I couldn't DM you" not in say(services, "list").plain()


@_settings
@given(text=st.text(max_size=300))
def test_any_text_after_interviewed_gets_a_reply_never_an_exception(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    services = _shared_services(tmp_path_factory)
    reply = services.coach.handle(Request(who=user("fuzz"), text=text, command="interviewed"))
    assert isinstance(reply, Reply)
    assert reply.text
    assert "something went wrong" not in reply.text
    assert reply.private
