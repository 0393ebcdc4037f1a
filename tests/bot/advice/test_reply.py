"""Every answer leads with the verdict, then says why and what to do instead."""

from __future__ import annotations

import pytest

from bot.advice.reply import MARKS, SCOPE_HELP, advice_reply
from bot.core.messages import Advice, Tone, Verdict


def _advice(verdict: Verdict, **overrides: object) -> Advice:
    values: dict[str, object] = {
        "question": "may I send flowers?",
        "verdict": verdict,
        "rule_id": None if verdict is Verdict.OUT_OF_SCOPE else "gifts.flowers",
        "why": "Gifts read as pressure.",
        "instead": "Send a short thank-you email.",
        "confidence": 0.9,
        "title": "Sending flowers or gifts",
        "source": "PROTECH, tip #11",
    }
    values.update(overrides)
    return Advice(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("verdict", [Verdict.OK, Verdict.CAUTION, Verdict.AVOID])
def test_verdict_reason_and_better_move(verdict: Verdict) -> None:
    reply = advice_reply(_advice(verdict))
    assert reply.text == f"{MARKS[verdict]}: Sending flowers or gifts"
    titles = [s.title for s in reply.sections]
    assert titles[0] == "Why"
    assert titles[1] == ("How to do it well" if verdict is Verdict.OK else "Better move")
    assert reply.sections[1].text == "Send a short thank-you email."
    assert titles[-1] == "Source"
    assert reply.verdict is verdict
    assert reply.private


def test_tones_follow_the_verdict() -> None:
    assert advice_reply(_advice(Verdict.AVOID)).tone is Tone.AVOID
    assert advice_reply(_advice(Verdict.OK)).tone is Tone.OK


def test_out_of_scope_says_what_it_can_help_with() -> None:
    reply = advice_reply(
        _advice(Verdict.OUT_OF_SCOPE, why="That's about the interview itself.", instead="")
    )
    assert reply.text.startswith(MARKS[Verdict.OUT_OF_SCOPE])
    assert reply.sections[0].text == "That's about the interview itself."
    assert reply.sections[1].title == "What I can help with"
    assert reply.sections[1].text == SCOPE_HELP


def test_without_a_source_there_is_no_source_section() -> None:
    reply = advice_reply(_advice(Verdict.CAUTION, source=None))
    assert "Source" not in [s.title for s in reply.sections]
