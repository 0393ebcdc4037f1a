"""How the advisor uses the router: gaps answered, confident verdicts doubted, cost deferred."""

from __future__ import annotations

from bot.advice import second_reading
from bot.advice.advisor import Advisor
from bot.advice.doubt import DEPENDS, OPPOSITE
from bot.advice.ties import grounded
from bot.core.messages import Verdict


def test_a_short_matched_question_never_builds_the_router() -> None:
    advisor = Advisor.from_dir()
    assert advisor.advise("is it okay to add my interviewer on LinkedIn?").rule_id
    assert advisor.second._router is None
    advisor.warm_up()
    assert advisor.second._router is not None


def test_gaps_are_answered_only_by_rules_of_the_rulebook(advisor: Advisor) -> None:
    """A question the phrases miss, near labelled examples: one rule answers, from its text."""
    question = "is it alright to write the hiring manager a letter of appreciation"
    assert advisor.explain(question).winner is None
    advice = advisor.advise(question)
    assert advice.rule_id is not None
    rule = advisor.rulebook.rule(advice.rule_id)
    assert advice.verdict in {rule.verdict, Verdict.CAUTION}
    assert rule.why in advice.why


def test_the_opposite_reading_turns_a_long_confident_answer_into_it_depends(
    advisor: Advisor,
) -> None:
    question = "should I tell my manager I'm resigning before or after I get the written contract?"
    decision = advisor.explain(question)
    assert decision.winner is not None
    first = decision.winner.rule.verdict
    assert first in OPPOSITE  # the first reading alone would answer ok or avoid
    other = advisor.second.against(question, first, len(decision.reading.words))
    assert other is not None
    assert other.verdict is OPPOSITE[first]
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.CAUTION
    assert advice.title is not None
    assert advice.title.startswith(DEPENDS)
    assert advisor.second.against(question, Verdict.CAUTION, 40) is None
    assert advisor.second.against(question, first, second_reading.AGAINST_WORDS) is None


def test_the_router_answers_a_gap_only_with_a_rule_the_question_mentions(
    advisor: Advisor,
) -> None:
    """A question sharing only the setting ("a job", "which of the two") with a rule's
    examples is near them by accident: "not my area", never that rule's verdict."""
    question = "Is a hybrid role or a fully remote one better for a junior developer's growth?"
    assert advisor.explain(question).winner is None
    filled = advisor.second.fill(question)
    assert filled is not None  # the router alone would answer it
    reading = advisor.read(question)
    assert not grounded(filled[0], reading, advisor.weights)
    assert advisor.advise(question).verdict is Verdict.OUT_OF_SCOPE


def test_a_gap_filled_from_a_rule_the_question_mentions_is_still_answered(
    advisor: Advisor,
) -> None:
    question = "is it alright to write the hiring manager a letter of appreciation"
    filled = advisor.second.fill(question)
    assert filled is not None
    assert grounded(filled[0], advisor.read(question), advisor.weights)


def test_an_opposite_reading_that_needs_a_state_not_said_to_hold_is_set_aside(
    advisor: Advisor,
) -> None:
    """The router, comparing words, hears "carry on interviewing after accepting an offer" in
    keeping one's other interviews; no accepted offer is said to hold, so the ok stands."""
    question = (
        "I'm going to keep my other two interviews next week even though today's went "
        "amazingly. good idea?"
    )
    decision = advisor.explain(question)
    assert decision.winner is not None
    first = decision.winner.rule.verdict
    other = advisor.second.against(question, first, len(decision.reading.words))
    assert other is not None
    needs = {name for group in other.matcher.groups for name in group.concepts}
    assert needs & advisor.rulebook.states
    assert not any(decision.reading.holds(name) for name in needs & advisor.rulebook.states)
    assert advisor.advise(question).verdict is first
