"""How firmly a rule is tied to a question: anchored for doubt, grounded for the router."""

from __future__ import annotations

from bot.advice.advisor import Advisor
from bot.advice.doubt import RIVAL_MARGIN
from bot.advice.ties import anchored, grounded, rivals


def _winner_tie(advisor: Advisor, question: str) -> bool:
    decision = advisor.explain(question)
    assert decision.winner is not None
    winner = decision.winner
    return anchored(winner.rule, winner.used, decision.reading, advisor.weights)


def test_a_question_that_points_back_at_its_story_is_anchored(advisor: Advisor) -> None:
    """ "Is it okay to send it tonight?" asks about the furious email of the story."""
    story = "I drafted a furious email to the recruiter after the rejection came in last night."
    assert _winner_tie(advisor, f"{story} Is it okay to send it tonight while it's fresh?")
    assert not _winner_tie(advisor, f"{story} Is it okay to go for a run tonight?")


def test_the_it_of_is_it_okay_points_at_nothing(advisor: Advisor) -> None:
    story = "I drafted a furious email to the recruiter after the rejection came in last night."
    assert not _winner_tie(advisor, f"{story} Would it be wise to go for a run tonight?")
    assert _winner_tie(advisor, f"{story} Would it be wise to send this tonight?")


def test_the_setting_alone_grounds_nothing(advisor: Advisor) -> None:
    rule = advisor.rulebook.rule("thanks.send")
    assert grounded(
        rule, advisor.read("is a thank-you note after the interview okay?"), advisor.weights
    )
    assert not grounded(rule, advisor.read("which of the two jobs is better?"), advisor.weights)


def test_a_rule_leaning_on_a_negated_mention_is_no_rival(advisor: Advisor) -> None:
    """Briefing one's references is no rival reading of listing them without a heads-up."""
    decision = advisor.explain(
        "Going to list my references without giving them a heads-up. they'll figure it out."
    )
    assert decision.winner is not None
    assert decision.winner.rule.id == "references.unaware"
    briefing = next(c for c in decision.ranked if c.rule.id == "references.brief")
    assert briefing.score >= decision.winner.score - RIVAL_MARGIN
    assert all(rule.id != "references.brief" for rule in rivals(decision, advisor.weights))


def test_the_words_of_holding_back_make_no_rival(advisor: Advisor) -> None:
    """ "Hand in my notice now, or wait for the paperwork?" sets quitting against waiting: the
    "wait" is no question about when to follow up, so quitting early stays the clear avoid."""
    question = (
        "I have a verbal offer and the letter is coming soon. Do I hand in my notice now or"
        " wait for the paperwork?"
    )
    decision = advisor.explain(question)
    assert decision.winner is not None
    assert decision.winner.rule.id == "current_job.resign_early"
    assert "follow_up.when" not in [rule.id for rule in rivals(decision, advisor.weights)]
    assert [c.rule.id for c in decision.ranked].count("follow_up.when") == 1
