"""The conversation entry point: routing, help, unknown input, and never a traceback."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.advice.advisor import Advisor
from bot.core.coach import MESSAGE_MAX, Coach, Command
from bot.core.messages import Action, Advice, Button, Identity, Reply, Request, Tone, Verdict

WHO = Identity("console", "local", "ada")


@pytest.fixture
def coach(advisor: Advisor) -> Coach:
    return Coach(advisor)


def ask(coach: Coach, text: str, command: str | None = None) -> Reply:
    return coach.handle(Request(who=WHO, text=text, command=command))


def test_free_text_question_gets_a_verdict_with_why_and_instead(coach: Coach) -> None:
    reply = ask(coach, "should I send flowers to the interviewer?")
    assert reply.verdict is Verdict.AVOID
    assert [s.title for s in reply.sections][:2] == ["Why", "Better move"]
    assert all(s.text for s in reply.sections)


def test_ask_command_and_free_text_agree(coach: Coach, advisor: Advisor) -> None:
    question = "is it okay to add my interviewer on LinkedIn?"
    expected = advisor.advise(question).verdict
    assert ask(coach, question).verdict is expected
    assert ask(coach, question, command="ask").verdict is expected
    assert ask(coach, f"/ask {question}").verdict is expected
    assert ask(coach, f"ask {question}", command="afterview").verdict is expected


def test_umbrella_command_alone_shows_help(coach: Coach) -> None:
    reply = ask(coach, "", command="afterview")
    assert reply.text.startswith("I'm Afterview")
    assert "ask QUESTION" in reply.plain()


def test_umbrella_command_with_a_bare_question_asks_it(coach: Coach) -> None:
    reply = ask(coach, "should I send flowers after the interview?", command="afterview")
    assert reply.verdict is Verdict.AVOID


def test_empty_message_shows_help(coach: Coach) -> None:
    assert ask(coach, "   ").text.startswith("I'm Afterview")


def test_empty_ask_shows_an_example(coach: Coach) -> None:
    reply = ask(coach, "", command="ask")
    assert reply.verdict is None
    assert "ask is it okay" in reply.plain()


def test_help_lists_every_registered_command(coach: Coach) -> None:
    coach.register(Command("ping", "ping", "check I'm here", lambda r, t: Reply(text="pong")))
    text = ask(coach, "help").plain()
    for command in coach.commands:
        assert command.usage in text


def test_unknown_slash_command_shows_the_right_form(coach: Coach) -> None:
    reply = ask(coach, "/frobnicate now")
    assert reply.tone is Tone.WARNING
    assert "frobnicate" in reply.text
    assert "help" in reply.plain()


def test_unknown_command_name_is_shortened(coach: Coach) -> None:
    reply = ask(coach, "x" * 500, command="x" * 500)
    assert len(reply.text) < 100


def test_over_long_text_is_refused_politely(coach: Coach) -> None:
    reply = ask(coach, "is it ok to call? " * 200)
    assert reply.tone is Tone.WARNING
    assert str(MESSAGE_MAX) in reply.text
    assert reply.verdict is None


def test_stale_button_gets_a_polite_reply(coach: Coach) -> None:
    reply = coach.handle(Request(who=WHO, action=Action("nosuch.thing", "1")))
    assert "no longer valid" in reply.text


def test_actions_route_by_prefix(coach: Coach) -> None:
    seen: list[Action] = []

    def on_demo(request: Request, action: Action) -> Reply:
        seen.append(action)
        return Reply(text=f"clicked {action.value}")

    coach.on_action("demo", on_demo)
    reply = coach.handle(Request(who=WHO, action=Action("demo.press", "42")))
    assert reply.text == "clicked 42"
    assert seen == [Action("demo.press", "42")]


def test_a_failing_handler_never_leaks_a_traceback(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Request, text: str) -> Reply:
        raise RuntimeError("database on fire")

    coach.register(Command("broken", "broken", "always fails", broken))
    with caplog.at_level(logging.ERROR):
        reply = ask(coach, "broken")
    assert "something went wrong" in reply.text
    assert "database on fire" not in reply.plain()
    assert "database on fire" in caplog.text


def test_names_and_aliases_must_be_unique(coach: Coach) -> None:
    with pytest.raises(ValueError, match="already taken"):
        coach.register(
            Command("other", "other", "x", lambda r, t: Reply(text=""), aliases=("help",))
        )


def test_interaction_notices_are_prepended(coach: Coach) -> None:
    coach.on_interaction(lambda who: Reply(text="I couldn't DM you.") if who == WHO else None)
    reply = ask(coach, "help")
    assert reply.sections[0].title == "Heads-up"
    assert reply.sections[0].text == "I couldn't DM you."
    other = coach.handle(Request(who=Identity("console", "local", "bob"), text="help"))
    assert other.sections[0].title != "Heads-up"


def test_controls_survive_a_notice(coach: Coach) -> None:
    button = Button("Done", "demo.done", "1")
    coach.register(Command("demo", "demo", "x", lambda r, t: Reply(text="d", controls=(button,))))
    coach.on_interaction(lambda who: Reply(text="notice"))
    assert ask(coach, "demo").controls == (button,)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=3000), command=st.one_of(st.none(), st.text(max_size=30)))
def test_any_input_gets_a_reply(advisor: Advisor, text: str, command: str | None) -> None:
    reply = Coach(advisor).handle(Request(who=WHO, text=text, command=command))
    assert isinstance(reply, Reply)
    assert reply.text


def test_ask_and_help_with_the_rulebook_are_answered_from_memory(coach: Coach) -> None:
    assert coach.answers_from_memory(Request(who=WHO, text="is it ok?", command="ask"))
    assert coach.answers_from_memory(Request(who=WHO, command="/help"))


def test_other_commands_free_text_and_clicks_are_not_answered_from_memory(
    coach: Coach,
) -> None:
    coach.register(Command("list", "list", "x", lambda r, t: Reply(text="rows")))
    assert not coach.answers_from_memory(Request(who=WHO, command="list"))
    assert not coach.answers_from_memory(Request(who=WHO, command="nosuch"))
    assert not coach.answers_from_memory(Request(who=WHO, text="is it ok to call?"))
    click = Action("interview.cancel", "1")
    assert not coach.answers_from_memory(Request(who=WHO, command="ask", action=click))


def test_an_advisor_that_does_io_keeps_ask_off_the_event_loop() -> None:
    class Remote:
        def advise(self, question: str) -> Advice:
            return Advice(question, Verdict.OK, None, "", "", 1.0)

    assert not Coach(Remote()).answers_from_memory(Request(who=WHO, command="ask"))


def test_a_notice_hook_that_would_query_keeps_requests_off_the_event_loop(
    coach: Coach,
) -> None:
    coach.on_interaction(lambda who: None, in_memory=lambda who: who != WHO)
    assert not coach.answers_from_memory(Request(who=WHO, command="help"))
    assert coach.answers_from_memory(
        Request(who=Identity("console", "local", "bob"), command="help")
    )
    coach.on_interaction(lambda who: None)  # says nothing about its cost: assume it queries
    assert not coach.answers_from_memory(
        Request(who=Identity("console", "local", "bob"), command="help")
    )


def test_a_claimed_question_goes_to_its_handler_and_is_not_answered_from_memory(
    coach: Coach,
) -> None:
    def reviewed(request: Request, text: str) -> Reply:
        return Reply(text=f"reviewed {len(text)} characters")

    coach.claim_questions(lambda text: text[5:] if text.startswith("Dear ") else None, reviewed)
    assert ask(coach, "Dear Dana, thank you").text == "reviewed 15 characters"
    assert ask(coach, "Dear Dana, thank you", command="ask").text == "reviewed 15 characters"
    assert ask(coach, "should I send flowers?").verdict is Verdict.AVOID
    claimed = Request(who=WHO, text="Dear Dana", command="ask")
    plain = Request(who=WHO, text="should I send flowers?", command="ask")
    assert not coach.answers_from_memory(claimed)
    assert coach.answers_from_memory(plain)


def test_a_question_is_looked_at_once_by_the_claims_when_an_adapter_asks_first(
    coach: Coach,
) -> None:
    """An adapter asks whether a question is answered from memory, then has it handled: the
    finder sees it once, and a new question is looked at afresh."""
    seen: list[str] = []

    def find(text: str) -> str | None:
        seen.append(text)
        return text if text.startswith("Dear ") else None

    coach.claim_questions(find, lambda request, text: Reply(text="reviewed"))
    for text in ("Dear Dana, thanks", "should I send flowers?"):
        request = Request(who=WHO, text=text, command="ask")
        coach.answers_from_memory(request)
        coach.handle(request)
    assert seen == ["Dear Dana, thanks", "should I send flowers?"]
