"""Clarifying questions: the data file, and one question with buttons through `Coach.handle`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advice.advisor import Advisor
from bot.advice.clarify import load_clarifier
from bot.advice.reply import CLARIFY_ACTION
from bot.core.coach import Coach
from bot.core.messages import Action, Button, Identity, Request, Verdict
from bot.rulefiles import RulebookError
from tests import paths

WHO = Identity("console", "local", "ann")
TOO_OFTEN = (
    "The recruiter told me to call her with any questions, and it has been two weeks since the "
    "interview, so should I call her every day until they decide on the role?"
)


def test_one_qualifier_in_doubt_gets_a_short_question_with_a_button_each(
    advisor: Advisor,
) -> None:
    coach = Coach(advisor)
    reply = coach.handle(Request(WHO, text=TOO_OFTEN))
    assert reply.verdict is Verdict.CAUTION
    assert "again and again" in reply.text
    buttons = [c for c in reply.controls if isinstance(c, Button)]
    assert [b.label for b in buttons] == ["One check-in", "Again and again"]
    assert {b.action_id for b in buttons} == {CLARIFY_ACTION}
    assert reply.private
    shown = reply.sections[0].text
    assert "Again and again: ⛔ Avoid: Calling or emailing every day" in shown

    chosen = coach.handle(Request(WHO, action=Action(CLARIFY_ACTION, buttons[1].value)))
    rule = advisor.rulebook.rule("follow_up.too_often")
    assert chosen.verdict is Verdict.AVOID
    assert rule.title in chosen.text
    assert any(section.text == rule.why for section in chosen.sections)

    once = coach.handle(Request(WHO, action=Action(CLARIFY_ACTION, buttons[0].value)))
    assert once.verdict is Verdict.OK


def test_a_forged_or_stale_choice_gets_a_friendly_reply(advisor: Advisor) -> None:
    coach = Coach(advisor)
    for value in ("no.such_rule", "scope.resume", "x" * 5000):
        reply = coach.handle(Request(WHO, action=Action(CLARIFY_ACTION, value)))
        assert reply.verdict is None
        assert "no longer valid" in reply.text


def test_the_shipped_questions_tell_their_rules_apart(advisor: Advisor) -> None:
    clarifier = load_clarifier(paths.RULES, advisor.rulebook)
    asked = clarifier.ask("current_job.resign_early", "current_job.resign_after_offer")
    assert asked is not None
    assert [rule for _, rule in asked.options] == [
        "current_job.resign_after_offer",
        "current_job.resign_early",
    ]
    assert clarifier.ask("follow_up.email", "follow_up.when") is None
    assert clarifier.ask("thanks.send", "offers.negotiate") is None


def test_a_wrong_clarify_file_is_a_precise_error(advisor: Advisor, tmp_path: Path) -> None:
    (tmp_path / "clarify.yaml").write_text(
        "clarify:\n"
        "  - id: q1\n"
        "    ask: Once or often?\n"
        "    options:\n"
        "      - {label: Once, rules: [follow_up.email]}\n"
        "      - {label: Often, rules: [follow_up.nope]}\n"
        "  - id: q2\n"
        "    options: []\n",
        encoding="utf-8",
    )
    with pytest.raises(RulebookError) as caught:
        load_clarifier(tmp_path, advisor.rulebook)
    assert caught.value.problems == [
        "clarify.yaml: question q1: field options: answer 'Often': unknown rule follow_up.nope",
        "clarify.yaml: question q2: field ask: missing",
        "clarify.yaml: question q2: field options: must list at least two answers",
    ]
