"""The App Home view: the core's panels for the user who opened it."""

from __future__ import annotations

from adapters.slack.blocks import decode_action_id
from adapters.slack.home import REGISTER_ACTION, VIEW_BLOCK_LIMIT, home_replies, home_view
from bot.core.coach import Coach, Command
from bot.core.messages import Identity, Reply, Request, Section
from tests.adapters.slack.conftest import FixedAdviceForPlumbing

WHO = Identity("slack", "T1", "U1")


def test_panels_come_from_the_commands_the_coach_knows() -> None:
    coach = Coach(FixedAdviceForPlumbing())

    def listing(request: Request, rest: str) -> Reply:
        return Reply(text=f"Interviews of {request.who.user}")

    coach.register(Command("list", "list", "your interviews", listing))
    replies = home_replies(coach, WHO)
    assert [r.text for r in replies] == ["Interviews of U1"]


def test_help_when_the_coach_has_no_home_panels() -> None:
    [reply] = home_replies(Coach(FixedAdviceForPlumbing()), WHO)
    assert reply.text.startswith("I'm Afterview")


def test_view_puts_the_notice_first_then_the_register_button_and_divides_panels() -> None:
    view = home_view([Reply(text="List"), Reply(text="Settings")], notice=Reply(text="Snoozed"))
    assert view["type"] == "home"
    kinds = [b.get("text", {}).get("text") or b["type"] for b in view["blocks"]]
    assert kinds == [
        "*Snoozed*",
        "divider",
        "actions",
        "divider",
        "*List*",
        "divider",
        "*Settings*",
    ]
    [button] = view["blocks"][2]["elements"]
    assert button["text"]["text"] == "Register an interview"
    assert decode_action_id(button["action_id"]) == REGISTER_ACTION


def test_view_stays_within_slacks_block_limit() -> None:
    big = Reply(text="big", sections=tuple(Section(str(i)) for i in range(150)))
    view = home_view([big, big])
    assert len(view["blocks"]) <= VIEW_BLOCK_LIMIT
