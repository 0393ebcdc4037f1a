"""Doubt: long questions where two readings disagree get "it depends", never a confident flip."""

from __future__ import annotations

from bot.advice.advisor import Advisor
from bot.advice.doubt import DEPENDS, LONG_QUESTION_WORDS, depends_why, find_doubt
from bot.advice.rules import Group, Matcher, Rule
from bot.advice.ties import anchored
from bot.core.messages import Verdict


def _rule(rule_id: str, verdict: Verdict) -> Rule:
    return Rule(
        id=rule_id,
        topic="t",
        verdict=verdict,
        title=f"Doing {rule_id}",
        why=f"Why {rule_id}.",
        instead=f"Instead {rule_id}.",
        sources=("general",),
        matcher=Matcher(groups=(Group(("c",)),)),
        file="t.yaml",
    )


OK, AVOID, CAUTION = (
    _rule("a", Verdict.OK),
    _rule("b", Verdict.AVOID),
    _rule("c", Verdict.CAUTION),
)
LONG = LONG_QUESTION_WORDS + 1


def test_an_opposite_rule_on_a_long_question_is_doubt() -> None:
    doubt = find_doubt(Verdict.OK, OK, [CAUTION, AVOID], LONG, covered=10)
    assert doubt is not None
    assert doubt.other is AVOID
    why = depends_why(Verdict.OK, OK.title, OK.why, doubt)
    assert "If this is about doing a: that's fine. Why a." in why
    assert "If it is about doing b: that's best avoided. Why b." in why


def test_short_questions_and_cautions_are_never_doubted() -> None:
    assert find_doubt(Verdict.OK, OK, [AVOID], LONG_QUESTION_WORDS, covered=0) is None
    assert find_doubt(Verdict.CAUTION, CAUTION, [OK, AVOID], LONG, covered=0) is None


def test_a_rule_that_explains_little_of_a_long_question_is_doubt() -> None:
    thin = find_doubt(Verdict.AVOID, AVOID, [CAUTION], 40, covered=5)
    assert thin is not None
    assert thin.other is None
    assert find_doubt(Verdict.AVOID, AVOID, [CAUTION], 40, covered=6) is None


def test_thin_coverage_is_no_doubt_for_a_rule_tied_to_what_is_asked() -> None:
    assert find_doubt(Verdict.AVOID, AVOID, [CAUTION], 40, covered=1, anchored=True) is None
    rival = find_doubt(Verdict.AVOID, AVOID, [OK], 40, covered=1, anchored=True)
    assert rival is not None  # a rival that judges the other way still counts
    assert rival.other is OK


def test_a_long_story_then_a_question_on_the_rule_is_answered_outright(
    advisor: Advisor,
) -> None:
    """The story dilutes how much of the question the rule explains; the asking sentence
    names the rule's subject, so the answer is not put in doubt for that."""
    story = (
        "Teacher here, the principal told me last Friday that they will check things this week "
        "for the maths position at the big school across town, which would be a huge step up "
        "for me after two hard years at the old place."
    )
    question = f"{story} Should I text my references to give them a heads up first?"
    advice = advisor.advise(question)
    decision = advisor.explain(question)
    assert decision.winner is not None
    rule, reading = decision.winner.rule, decision.reading
    covered = advisor.covered_words(rule, reading)
    thin = find_doubt(rule.verdict, rule, [], len(reading.words), covered)
    assert thin is not None  # by coverage alone, the story would put it in doubt
    assert anchored(rule, decision.winner.used, reading, advisor.weights)
    assert advice.rule_id == decision.winner.rule.id
    assert not (advice.title or "").startswith(DEPENDS)


def test_a_long_mixed_question_gets_both_sides(advisor: Advisor) -> None:
    question = (
        "Should I send a thank-you email that also mentions the salary and vacation days we "
        "talked about? Some say a thank you is always good, others say it looks bad to everyone"
    )
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.CAUTION
    assert advice.title is not None
    assert advice.title.startswith("It depends: ")
    assert "It depends on which situation yours is." in advice.why
    assert advice.source is not None
    assert ";" in advice.source


def test_a_short_question_keeps_its_confident_verdict(advisor: Advisor) -> None:
    advice = advisor.advise("is it okay to send flowers to the interviewer?")
    assert advice.verdict is Verdict.AVOID


def test_a_broader_rule_is_no_rival_to_the_qualifier_that_decides(advisor: Advisor) -> None:
    """ "Send a thank-you" (ok) needs only part of what "the same thank-you to everyone"
    (avoid) matched: the qualifier decides, so the answer is the avoid, not "it depends"."""
    question = (
        "panel of 4 people interviewed me yesterday. can i just copy paste the same thank you "
        "note to all of them and change the first name each time?"
    )
    decision = advisor.explain(question)
    assert decision.winner is not None
    assert decision.winner.rule.id == "thanks.generic"
    broader = [c.rule for c in decision.ranked[1:] if c.rule.id == "thanks.send"]
    assert broader, "the broad rule applies too"
    winner_used = advisor.used_concepts(decision.winner.rule, decision.reading)
    assert "generic" in winner_used
    assert "generic" not in advisor.used_concepts(broader[0], decision.reading)
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.AVOID
    assert advice.title is not None
    assert not advice.title.startswith("It depends")


def test_a_rule_that_does_not_apply_uses_no_concepts(advisor: Advisor) -> None:
    reading = advisor.read("is it okay to send flowers to the interviewer?")
    assert advisor.used_concepts(advisor.rulebook.rule("thanks.generic"), reading) == frozenset()
    assert advisor.used_concepts(advisor.rulebook.rule("gifts.send"), reading)
