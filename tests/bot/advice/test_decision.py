"""The advisor's decision: the winner first among every rule that applied, and its rival."""

from __future__ import annotations

from bot.advice.advisor import Advisor


def test_the_winner_leads_the_ranked_rules_and_the_runner_up_judges_otherwise(
    advisor: Advisor,
) -> None:
    decision = advisor.explain("can I send the same thank-you email to everyone on the panel?")
    assert decision.winner is not None
    assert decision.ranked[0] == decision.winner
    scores = [c.score for c in decision.ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(c.used for c in decision.ranked)
    if decision.runner_up is not None:
        assert decision.runner_up.rule.verdict is not decision.winner.rule.verdict
        assert decision.runner_up in decision.ranked


def test_a_question_no_rule_fits_has_no_winner(advisor: Advisor) -> None:
    decision = advisor.explain("what's a good recipe for banana bread?")
    assert (decision.winner, decision.runner_up, decision.ranked) == (None, None, ())
