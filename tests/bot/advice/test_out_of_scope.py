"""When an out-of-scope rule decides over an in-scope one that scores higher."""

from __future__ import annotations

from bot.advice.advisor import Advisor
from bot.advice.out_of_scope import asked_outside, outside_any_process
from bot.core.messages import Verdict

STORY = "After my last interview, which I'm still waiting to hear back on, I'm applying again."


def test_a_sentence_asking_about_another_topic_puts_that_topic_first(advisor: Advisor) -> None:
    reading = advisor.read(f"{STORY} How long should a cover letter be these days?")
    ranked = advisor.candidates(reading)
    assert ranked[0].rule.verdict is not Verdict.OUT_OF_SCOPE  # the letter reads as a note
    reordered = asked_outside(ranked, reading)
    assert reordered[0].rule.verdict is Verdict.OUT_OF_SCOPE
    assert sorted(c.rule.id for c in reordered) == sorted(c.rule.id for c in ranked)


def test_a_sentence_asking_about_the_story_keeps_the_in_scope_winner(advisor: Advisor) -> None:
    reading = advisor.read(f"{STORY} Is it okay to email them for an update, cover letter aside?")
    ranked = advisor.candidates(reading)
    assert asked_outside(ranked, reading)[0] is ranked[0]


def test_no_hiring_process_named_puts_the_out_of_scope_rule_first(advisor: Advisor) -> None:
    context = advisor.rulebook.context
    reading = advisor.read("should I follow up after our first date?")
    ranked = advisor.candidates(reading)
    assert ranked[0].rule.verdict is not Verdict.OUT_OF_SCOPE  # romance outscores dating life
    assert any(c.rule.verdict is Verdict.OUT_OF_SCOPE for c in ranked)
    assert outside_any_process(ranked, reading, context)[0].rule.verdict is Verdict.OUT_OF_SCOPE
    assert outside_any_process(ranked, reading, frozenset()) == ranked


def test_a_hiring_word_inside_another_process_places_nothing_in_a_hiring_process(
    advisor: Advisor,
) -> None:
    """The "interview" of "my visa interview" is the visa process's own word (the rulebook's
    `elsewhere` list); a job interview named beside it is not."""
    rulebook = advisor.rulebook
    assert "visa" in rulebook.elsewhere
    visa = "My visa interview at the embassy was last week. Is it allowed to call them?"
    reading = advisor.read(visa)
    ranked = advisor.candidates(reading)
    assert ranked[0].rule.verdict is not Verdict.OUT_OF_SCOPE
    kept = outside_any_process(ranked, reading, rulebook.context)
    assert kept[0] is ranked[0]  # without `elsewhere`, "interview" names a hiring process
    moved = outside_any_process(ranked, reading, rulebook.context, rulebook.elsewhere)
    assert moved[0].rule.id == "scope.visa"
    assert advisor.advise(visa).verdict is Verdict.OUT_OF_SCOPE
    both = f"{visa} I also had a job interview at a bank on Monday."
    reading = advisor.read(both)
    ranked = advisor.candidates(reading)
    assert outside_any_process(ranked, reading, rulebook.context, rulebook.elsewhere) == ranked


def test_following_up_with_an_insurer_or_a_plumber_is_not_my_area(advisor: Advisor) -> None:
    insurer = "I've emailed my insurance company a follow-up about my claim every week. Too many?"
    plumber = "The plumber never showed up and I've called him three times. Am I being pushy?"
    recruiter = "I've emailed the recruiter a follow-up about the role every week. Too many?"
    assert advisor.advise(insurer).verdict is Verdict.OUT_OF_SCOPE
    assert advisor.advise(plumber).verdict is Verdict.OUT_OF_SCOPE
    assert (advisor.advise(recruiter).verdict, advisor.advise(recruiter).rule_id) == (
        Verdict.AVOID,
        "follow_up.too_often",
    )


def test_a_job_at_a_restaurant_or_a_cafe_is_still_a_job(advisor: Advisor) -> None:
    """Tradespeople, shops and restaurants are out of scope as services the asker uses, not
    as the place of the job they interviewed for."""
    waiter = "I applied to be a waiter at a restaurant, it has been a week, can I call them?"
    assert advisor.advise(waiter).verdict is not Verdict.OUT_OF_SCOPE
    barista = advisor.advise("Got a job offer as a barista, can I negotiate the hourly pay?")
    assert (barista.verdict, barista.rule_id) == (Verdict.OK, "offers.negotiate")


def test_an_interview_at_an_insurance_company_is_an_interview(advisor: Advisor) -> None:
    """ "Insurance company" is money matters only as the asker's own insurer: an interview
    there is still an interview, and "insurance" alone is no perk being talked about."""
    advice = advisor.advise(
        "I interviewed at an insurance company yesterday, when should I send the thank-you?"
    )
    assert advice.verdict is not Verdict.OUT_OF_SCOPE
    assert advice.rule_id is not None
    assert advice.rule_id.startswith("thanks.")
    assert advice.rule_id != "thanks.salary"
