"""The terminal chat, driven through its real entry points with in-memory streams."""

from __future__ import annotations

import asyncio
import io

import pytest

from adapters.console.chat import ConsoleChat, ConsoleNotifier, PrintNotifier, clean
from bot.advice.advisor import Advisor
from bot.core.coach import Coach, Command
from bot.core.messages import (
    Action,
    Button,
    Choice,
    Form,
    Identity,
    Input,
    InputKind,
    Menu,
    Reply,
    Request,
    Section,
)
from bot.core.ports import Delivery, RecipientUnreachable

WHO = Identity("console", "local", "ada")


@pytest.fixture
def coach(advisor: Advisor) -> Coach:
    coach = Coach(advisor)
    clicks: list[Action] = []

    def offer(request: Request, text: str) -> Reply:
        return Reply(
            text="Pick one",
            controls=(
                Button("Done", "demo.done", "7"),
                Menu(
                    "Snooze", "demo.snooze", (Choice("1 hour", "7:1h"), Choice("Tomorrow", "7:1d"))
                ),
            ),
        )

    def clicked(request: Request, action: Action) -> Reply:
        clicks.append(action)
        return Reply(text=f"you chose {action.action_id} {action.value}")

    coach.register(Command("demo", "demo", "shows buttons", offer))
    coach.on_action("demo", clicked)
    return coach


def test_clean_strips_terminal_escapes_but_keeps_lines() -> None:
    assert clean("Acme\x1b[2J\x1b]0;pwned\x07 Corp\nnext\tcol") == "Acme[2J]0;pwned Corp\nnext\tcol"
    assert clean("evil\u202egnp.exe") == "evilgnp.exe"


def test_controls_become_numbered_choices_that_click(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, WHO, stdin=io.StringIO(), stdout=out)
    chat.show(chat.respond("demo"))
    shown = out.getvalue()
    assert "[1] Done" in shown
    assert "[2] Snooze: 1 hour" in shown
    assert "[3] Snooze: Tomorrow" in shown
    assert chat.respond("3").text == "you chose demo.snooze 7:1d"
    assert chat.respond("1").text == "you chose demo.done 7"


def test_a_number_that_names_no_choice_is_a_message(coach: Coach) -> None:
    chat = ConsoleChat(coach, WHO, stdin=io.StringIO(), stdout=io.StringIO())
    assert chat.request_for("42") == Request(who=WHO, text="42")


def test_sections_render_with_titles(coach: Coach) -> None:
    chat = ConsoleChat(coach, WHO, stdin=io.StringIO(), stdout=io.StringIO())
    text = chat.render(Reply(text="Top", sections=(Section("line one\nline two", title="Why"),)))
    assert text.splitlines() == ["Top", "", "WHY", "  line one", "  line two"]


async def test_run_answers_until_quit(coach: Coach) -> None:
    out = io.StringIO()
    stdin = io.StringIO("should I send flowers to the interviewer?\n\n/nope\nquit\nhelp\n")
    await asyncio.wait_for(ConsoleChat(coach, WHO, stdin=stdin, stdout=out).run(), timeout=10)
    text = out.getvalue()
    assert text.startswith("I'm Afterview")
    assert "⛔ Avoid" in text
    assert "I don't know the command “nope”" in text
    assert text.rstrip().endswith("I'll be here next time.")


async def test_run_ends_at_end_of_input(coach: Coach) -> None:
    out = io.StringIO()
    await asyncio.wait_for(
        ConsoleChat(coach, WHO, stdin=io.StringIO("help\n"), stdout=out).run(), timeout=10
    )
    assert out.getvalue().count("I'm Afterview") == 2


async def test_notifier_prints_nudges_for_the_terminal_user_only(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, WHO, stdin=io.StringIO(), stdout=out)
    notifier = ConsoleNotifier(chat)
    assert notifier.platform == "console"
    nudge = Reply(text="Send your thank-you note", controls=(Button("Done", "nudge.done", "5"),))
    await notifier.send(Delivery(nudge_id=5, recipient=WHO, reply=nudge, key="n5"))
    assert "── Nudge ──" in out.getvalue()
    assert "[1] Done" in out.getvalue()
    stranger = Identity("console", "local", "eve")
    with pytest.raises(RecipientUnreachable):
        await notifier.send(Delivery(nudge_id=6, recipient=stranger, reply=nudge, key="n6"))


async def test_print_notifier_escapes_terminal_codes() -> None:
    out = io.StringIO()
    reply = Reply(text="Follow up with \x1b[31mAcme")
    await PrintNotifier(out).send(Delivery(nudge_id=1, recipient=WHO, reply=reply, key="n1"))
    assert "\x1b" not in out.getvalue()
    assert "Nudge for ada" in out.getvalue()


def _review_chat(advisor: Advisor) -> ConsoleChat:
    from bot.review.commands import install
    from bot.review.reviewer import Reviewer

    plain = Coach(advisor)
    install(plain, Reviewer.from_dir())
    return ConsoleChat(plain, Identity("console", "local", "ada"), stdout=io.StringIO())


def test_review_reads_the_note_until_two_blank_lines(advisor: Advisor) -> None:
    chat = _review_chat(advisor)
    prompt = chat.take("review")
    assert prompt is not None
    assert prompt.form is not None
    assert "two blank lines" in prompt.plain()
    assert chat.take("hey Dana!! thx for the chat lol") is None
    assert chat.take("Sam") is None
    assert chat.take("") is None  # one blank line may be a paragraph break
    reply = chat.take("")
    assert reply is not None
    assert "“lol”" in reply.plain()
    assert chat.take("list") is not None  # back to commands after the note


PARAGRAPHS = [
    "Dear Dana,",
    "",
    "Thank you for meeting me yesterday about the analyst role at Acme.",
    "",
    "I enjoyed hearing how your team rebuilt the pricing dashboard.",
    "",
    "Please give me this job, I'm begging you, I really need this job.",
    "",
    "Best regards,",
    "Sam",
]


def test_a_pasted_note_of_several_paragraphs_arrives_whole(advisor: Advisor) -> None:
    chat = _review_chat(advisor)
    chat.take("review")
    for line in PARAGRAPHS:
        assert chat.take(line) is None
    reply = chat.take(".")
    assert reply is not None
    # The plea is in the third paragraph: it was read, so the note was not cut at a blank line.
    assert "begging" in reply.plain()
    assert chat.take("list") is not None


def test_a_form_with_several_inputs_is_asked_one_prompt_at_a_time(advisor: Advisor) -> None:
    coach = Coach(advisor)
    form = Form(
        title="Register",
        command="register",
        inputs=(
            Input("company", "Company"),
            Input("date", "Day", InputKind.DATE, initial="2026-11-20"),
            Input("role", "Role", required=False),
            Input("text", "Notes", InputKind.LONG),
        ),
    )
    got: list[Request] = []

    def register(request: Request, rest: str) -> Reply:
        if not request.fields:
            return Reply(text="Tell me about it", form=form)
        got.append(request)
        return Reply(text="Saved \x1b[31m" + request.fields["company"])

    coach.register(Command("register", "register", "a form", register))
    chat = ConsoleChat(coach, WHO, stdout=io.StringIO())
    first = chat.take("register")
    assert first is not None
    assert first.plain().endswith("Company:")
    day = chat.take("Acme")
    assert day is not None
    assert day.text == "Day [2026-11-20]:"
    role = chat.take("")
    assert role is not None
    assert role.text == "Role (optional):"
    notes = chat.take("")
    assert notes is not None
    assert notes.text == "Notes (end with two blank lines or a lone .):"
    assert chat.take("line one") is None
    assert chat.take("line two") is None
    assert chat.take("") is None
    done = chat.take("")
    assert done is not None
    assert "\x1b" not in chat.render(done)
    [answer] = got
    assert answer.fields == {"company": "Acme", "date": "2026-11-20"}
    assert answer.text == "line one\nline two"


def test_a_blank_required_input_or_a_typed_command_leaves_the_form(advisor: Advisor) -> None:
    coach = Coach(advisor)
    form = Form(title="Register", command="register", inputs=(Input("company", "Company"),))
    coach.register(
        Command(
            "register",
            "register",
            "a form",
            lambda request, rest: Reply(text=f"typed {rest}", form=None if rest else form),
        )
    )
    chat = ConsoleChat(coach, WHO, stdout=io.StringIO())
    chat.take("register")
    left = chat.take("")
    assert left is not None
    assert left.text == "Left the form; nothing was saved."
    chat.take("register")
    typed = chat.take("register Acme today 3pm")
    assert typed is not None
    assert typed.text == "typed Acme today 3pm"
