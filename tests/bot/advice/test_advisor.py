"""The advisor: verdicts and deciding rules for real phrasings, negation, typos, abstaining."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.advice.advisor import Advisor
from bot.advice.doubt import LONG_QUESTION_WORDS, RIVAL_MARGIN, THIN_COVERAGE
from bot.advice.evaluation import load_cases
from bot.core.messages import Verdict
from tests import paths

DATA = paths.DATA


def decided_by(advisor: Advisor, question: str) -> str | None:
    decision = advisor.explain(question)
    return decision.winner.rule.id if decision.winner else None


# Each tip of both source articles, asked several ways (none of these are in the rule examples).
SEED_TIPS = [
    # 1. unprofessional or generic notes; do send one
    ("my thank you email had a couple of grammar mistakes, is that a problem?", "thanks.typos"),
    ("is it ok to write my thank-you note in a super casual tone with emojis?", "thanks.casual"),
    ("can I send the same generic thank you to both interviewers?", "thanks.generic"),
    ("should I send a thank-you note after my interview?", "thanks.send"),
    # 2. quitting over a "perfect" interview
    ("the interview went perfectly, can I quit my job today?", "current_job.resign_early"),
    ("can I hand in my notice while I wait for the offer letter?", "current_job.resign_early"),
    ("I'm sure I got the job, is it fine to resign now?", "current_job.resign_early"),
    (
        "should i tell my current boss i'm leaving now that the interview went amazing",
        "current_job.resign_early",
    ),
    # 3. demands versus questions
    (
        "can I follow up with a list of my requirements for the role, like a new laptop?",
        "offers.demands",
    ),
    ("is it ok to insist they pay for my home internet before I accept?", "offers.demands"),
    (
        "can I ask whether the company reimburses home internet for remote workers?",
        "offers.ask_perks",
    ),
    # 4. romance
    ("can I ask my interviewer out on a date?", "boundaries.romance"),
    (
        "the hiring manager was really attractive, can I message her on LinkedIn?",
        "boundaries.romance",
    ),
    ("is it okay to flirt with the recruiter after the interview?", "boundaries.romance"),
    # 5. showing up in person; email or call instead
    ("can I just show up at their office to ask about my application?", "follow_up.in_person"),
    ("no reply after a few days, should I drop by in person?", "follow_up.in_person"),
    ("it's been a few days with no word, can I send them an email?", "follow_up.after_silence"),
    # 6. angry replies to rejections
    ("they rejected me and I'm furious, can I send them an angry email?", "rejection.angry_reply"),
    ("can I reply to the rejection telling them they made a big mistake?", "rejection.angry_reply"),
    ("should I reply to the rejection email to thank them?", "rejection.reply"),
    # 7. never stop looking
    ("should I stop applying elsewhere now that the interview went great?", "job_search.stop"),
    ("can I cancel my other interviews since I'm sure I'll get this one?", "job_search.stop"),
    ("should I keep interviewing while I wait for their answer?", "job_search.keep_going"),
    # 8. references who don't know
    ("can I give my references' names without telling them?", "references.unaware"),
    (
        "can I list a former manager I haven't spoken to in years as a reference?",
        "references.unaware",
    ),
    ("should I let my references know they might get a call?", "references.brief"),
    # 9. posting online
    ("can I post about my interview on Instagram?", "social.post_about"),
    ("is it ok to tweet about how rude the hiring manager was?", "social.post_about"),
    ("can I vent on reddit about the company that rejected me?", "social.post_about"),
    # 10. cyber-stalking; a look at the profile is fine
    ("is it okay to add my interviewer on LinkedIn?", "social.linkedin_connect"),
    (
        "can I send a LinkedIn request to my interviewer right after the interview?",
        "social.linkedin_right_after",
    ),
    ("should I follow my interviewer on Twitter?", "social.cyber_stalk"),
    (
        "is it ok to look at the interviewer's LinkedIn profile before the interview?",
        "social.linkedin_look",
    ),
    # 11. flowers and gifts
    ("should I send flowers to my interviewer?", "gifts.send"),
    ("is a gift basket for the hiring team a good way to say thanks?", "gifts.send"),
]


@pytest.mark.parametrize(("question", "rule_id"), SEED_TIPS)
def test_seed_tips_get_the_right_rule_and_verdict(
    advisor: Advisor, question: str, rule_id: str
) -> None:
    advice = advisor.advise(question)
    assert advice.rule_id == rule_id
    assert advice.verdict is advisor.rulebook.rule(rule_id).verdict
    assert advice.verdict is not Verdict.OUT_OF_SCOPE


def test_advice_carries_title_topic_reason_and_citation(advisor: Advisor) -> None:
    advice = advisor.advise("can I add my interviewer on LinkedIn right after the interview?")
    assert advice.verdict is Verdict.AVOID
    assert advice.title == "Adding your interviewer on LinkedIn right after the interview"
    assert advice.topic == "social_media"
    assert advice.source == "PROTECH, “10 Things You Should NEVER Do After an Interview”, tip #10"
    assert advice.why
    assert advice.instead


def test_explain_reports_the_deciding_rule_and_what_it_beat(advisor: Advisor) -> None:
    decision = advisor.explain("can I add my interviewer on LinkedIn right after the interview?")
    assert decision.winner is not None
    assert decision.winner.rule.id == "social.linkedin_right_after"
    assert {"linkedin", "connect", "right_after"} <= decision.reading.concepts
    assert decision.runner_up is not None
    assert decision.runner_up.rule.verdict is not decision.winner.rule.verdict
    assert decision.winner.score > decision.runner_up.score


def test_a_rule_that_fits_far_worse_does_not_put_the_verdict_in_doubt(advisor: Advisor) -> None:
    """Only a rival within `RIVAL_MARGIN` of the winner makes a long question "it depends"."""
    question = (
        "I accepted the offer over the phone but nothing written has arrived yet - is it"
        " fine to submit my resignation letter to my current employer today?"
    )
    decision = advisor.explain(question)
    assert decision.winner is not None
    assert decision.winner.rule.id == "current_job.resign_early"
    far = [c for c in decision.ranked if c.rule.verdict is Verdict.OK]
    assert far
    assert all(c.score < decision.winner.score - RIVAL_MARGIN for c in far)
    assert advisor.advise(question).verdict is Verdict.AVOID


# -- negation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "is it bad if I don't send a thank-you note?",
        "should I just never send thank you emails after interviews?",
        "can I skip the thank you note after a short interview?",
        "is it fine to interview and then not bother with a thank you?",
    ],
)
def test_negation_flips_to_not_doing_it(advisor: Advisor, question: str) -> None:
    assert decided_by(advisor, question) == "thanks.skip"
    assert advisor.advise(question).verdict is Verdict.AVOID


@pytest.mark.parametrize("said", ["didn't send", "never sent"])
def test_a_thank_you_not_sent_is_where_things_stand_not_a_plan_to_skip_it(
    advisor: Advisor, said: str
) -> None:
    """ "I never sent one" reports the past as "I didn't" does: late is still worth it."""
    advice = advisor.advise(f"I {said} a thank you note after my interview, is that ok?")
    assert (advice.rule_id, advice.verdict) == ("thanks.late", Verdict.OK)


def test_asking_about_not_doing_something_turns_the_verdict(advisor: Advisor) -> None:
    advice = advisor.advise("would it be wrong not to tell my boss about the interview?")
    assert advice.rule_id == "current_job.tell_boss"
    assert advice.verdict is Verdict.OK
    assert advice.title == "Not telling your boss you're interviewing"
    held = advisor.advise("should I hold off on sending flowers to the interviewer?")
    assert (held.rule_id, held.verdict) == ("gifts.send", Verdict.OK)


def test_negated_facts_and_self_negating_phrases_keep_the_verdict(advisor: Advisor) -> None:
    fact = advisor.advise("I don't have another offer, can I pretend I do?")
    assert (fact.rule_id, fact.verdict) == ("offers.lie_about_offer", Verdict.AVOID)
    ghost = advisor.advise("can I just not reply to the recruiter anymore?")
    assert (ghost.rule_id, ghost.verdict) == ("withdrawing.no_show", Verdict.AVOID)
    assert advisor.advise("should I tell my boss I'm interviewing?").verdict is Verdict.AVOID


def test_the_same_action_without_negation_is_ok(advisor: Advisor) -> None:
    assert advisor.advise("is it good to send a thank-you note?").verdict is Verdict.OK


def test_negation_binds_to_the_first_thing_it_reaches(advisor: Advisor) -> None:
    reading = advisor.read("can I just not reply to the recruiter?")
    assert reading.negated("reply")
    assert reading.affirmed("recruiter")
    assert not reading.negated("recruiter")


def test_gaps_in_phrases_match_a_few_words(advisor: Advisor) -> None:
    assert "romance" in advisor.read("can I ask my lovely interviewer out?").concepts
    assert "romance" not in advisor.read("can I ask about the company outing?").concepts


def test_channels_count_together_only_within_one_clause(advisor: Advisor) -> None:
    together = "should I email them and also leave a voicemail to follow up?"
    apart = "it's been ten days with no reply to my emails. should I call her?"
    assert decided_by(advisor, together) == "follow_up.over_contact"
    assert decided_by(advisor, apart) == "follow_up.after_silence"


def test_who_ghosted_whom_matters(advisor: Advisor) -> None:
    assert advisor.advise("they ghosted me after the final round").verdict is Verdict.OK
    assert advisor.advise("can I just ghost the recruiter?").verdict is Verdict.AVOID


def test_negation_stops_at_the_clause(advisor: Advisor) -> None:
    reading = advisor.read("I did not get the job, but should I still thank them?")
    assert reading.affirmed("thanks")
    assert not reading.negated("thanks")


def test_refraining_from_something_risky_is_fine(advisor: Advisor) -> None:
    advice = advisor.advise("is it bad not to add my interviewer on LinkedIn?")
    assert advice.rule_id == "social.linkedin_connect"
    assert advice.verdict is Verdict.OK
    assert (advice.title or "").startswith("Not ")


def test_doing_or_not_doing_asks_about_the_action(advisor: Advisor) -> None:
    advice = advisor.advise("to connect or not to connect with my interviewer on LinkedIn?")
    assert (advice.rule_id, advice.verdict) == ("social.linkedin_connect", Verdict.CAUTION)


def test_a_supposed_past_is_still_a_negation(advisor: Advisor) -> None:
    supposed = advisor.advise("would it hurt my chances if I didn't send a thank you email?")
    assert (supposed.rule_id, supposed.verdict) == ("thanks.skip", Verdict.AVOID)
    assert not advisor.read("I didn't send a thank you email yet").negated("thanks")


def test_what_has_not_happened_yet_is_a_fact_not_a_plan(advisor: Advisor) -> None:
    """ "I haven't sent a thank-you" says where things stand, as "I didn't" does: the
    question is whether it is too late, not whether to skip it."""
    reading = advisor.read("I haven't sent a thank-you yet and it's been a week")
    assert not reading.negated("thanks")
    late = advisor.advise("I haven't sent a thank-you yet and it's been a week, is it too late?")
    assert (late.rule_id, late.verdict) == ("thanks.late", Verdict.OK)
    plan = advisor.advise("should I not send a thank-you after a one-hour interview?")
    assert plan.verdict is Verdict.AVOID


@pytest.mark.parametrize(
    ("question", "rule_id"),
    [
        ("do I have to accept the first offer I get?", "offers.take_first_offer"),
        ("am I obligated to tell them my current salary?", "offers.disclose_salary"),
        ("do I really need to accept their counteroffer?", "offers.counteroffer"),
    ],
)
def test_asking_whether_something_is_required(
    advisor: Advisor, question: str, rule_id: str
) -> None:
    advice = advisor.advise(question)
    assert (advice.rule_id, advice.verdict) == (rule_id, Verdict.OK)
    assert (advice.title or "").startswith("Not ")


def test_time_questions_are_not_obligation_questions(advisor: Advisor) -> None:
    advice = advisor.advise("how long do I have to send a thank you email after an interview?")
    assert (advice.rule_id, advice.verdict) == ("thanks.timing", Verdict.CAUTION)


def test_prefix_phrases_match_the_ing_form(advisor: Advisor) -> None:
    assert "decline_offer" in advisor.read("is declining an offer by email rude?").concepts
    assert "decline_offer" in advisor.read("I declined the offer").concepts


# -- typos and shorthand --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "rule_id"),
    [
        ("shoud i conect with my interveiwer on linkdin", "social.linkedin_connect"),
        ("is it ok to send a thnak you emial after the intervew?", "thanks.send"),
        ("can I quit my job b4 the offr letter arrives?", "current_job.resign_early"),
        ("pls can i send my thx via the recrutier", "thanks.via_recruiter"),
        ("Is it OK to send FLOWERS to the INTERVIEWER???", "gifts.send"),
        (
            "is it okay to add my interviewer on “LinkedIn” right‑after the interview?",
            "social.linkedin_right_after",
        ),
    ],
)
def test_typos_case_and_unicode_are_understood(
    advisor: Advisor, question: str, rule_id: str
) -> None:
    assert decided_by(advisor, question) == rule_id


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("put my old boss down as a ref without asking", "references"),
        ("should i warn my refs they might get a call", "references"),
        ("putting in my 2 weeks tomorrow", "resign"),
    ],
)
def test_chat_shorthand_reaches_the_concept(advisor: Advisor, question: str, concept: str) -> None:
    assert concept in advisor.read(question).concepts


def test_ordinary_words_are_not_corrected(advisor: Advisor) -> None:
    words = advisor.read("can a thank you note hurt my chances or is that a big deal").words
    assert "hurt" in words
    assert "deal" in words
    words = advisor.read("I realised my visa expires in March and the inflation is bad").words
    assert {"realised", "visa", "march", "inflation"} <= set(words)


# -- out of scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what's a good recipe for banana bread?",
        "how early should I arrive for my interview?",
        "what should I wear to a panel interview?",
        "how do I write a cover letter for an internship?",
        "should my resume be one page?",
        "how do I answer 'tell me about yourself'?",
        "can I reschedule my interview to next week?",
        "will the company pay for my flight to the onsite?",
        "should I send my neighbour a thank you card for feeding my cat?",
        # near misses: the words of the topics, not a question about after an interview
        "what's the nicest way to thank a colleague who took my shift on friday?",
        "my old teammate wants me as her reference, what should I tell them when they ring?",
        "when should I follow up with a prospective client after a sales call?",
        "my hinge match stopped replying after our first date, should I message again?",
        "are bonuses taxed at a higher rate than salary?",
        "quitting to take a career break with nothing lined up, how do I write the letter?",
        "a recruiter I don't know messaged me out of the blue, should I accept on LinkedIn?",
        "should I do a coding bootcamp or a masters degree?",
        "asdf qwerty zxcv",
        "🙂🙂🙂",
    ],
)
def test_out_of_scope_abstains_without_a_rule(advisor: Advisor, question: str) -> None:
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.OUT_OF_SCOPE
    assert advice.rule_id is None
    assert advice.why
    assert advice.source is None


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_gets_a_friendly_abstention(advisor: Advisor, question: str) -> None:
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.OUT_OF_SCOPE
    assert advice.why == "I didn't catch a question there."


def test_user_text_is_not_copied_into_the_answer(advisor: Advisor) -> None:
    question = "<!channel> @everyone can I send flowers to the interviewer? <script>"
    advice = advisor.advise(question)
    assert advice.rule_id == "gifts.send"
    for text in (advice.why, advice.instead, advice.title or "", advice.source or ""):
        assert "<!channel>" not in text
        assert "@everyone" not in text
        assert "<script>" not in text


# -- confidence and robustness --------------------------------------------------------------------


def test_confidence_is_in_range_and_higher_for_clear_questions(advisor: Advisor) -> None:
    for case in load_cases(DATA / "questions-dev.tsv"):
        assert 0.0 <= advisor.advise(case.question).confidence <= 1.0
    clear = advisor.advise("can I send flowers to my interviewer after the interview?")
    vague = advisor.advise("is it okay to call after the interview?")
    assert clear.confidence > vague.confidence


_SHARED = Advisor.from_dir()
"""Hypothesis calls the test many times; function-scoped fixtures don't mix with that."""


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_an_answer_never_an_exception(text: str) -> None:
    advice = _SHARED.advise(text)
    assert 0.0 <= advice.confidence <= 1.0
    assert advice.why
    assert (advice.rule_id is None) == (advice.verdict is Verdict.OUT_OF_SCOPE)


def test_very_long_question_is_answered(advisor: Advisor) -> None:
    question = "after the interview " * 200 + "can I send flowers to the interviewer?"
    assert advisor.advise(question).rule_id == "gifts.send"


# -- the shipped rules ----------------------------------------------------------------------------


def test_no_dead_rules_every_rule_is_reached_by_its_examples(advisor: Advisor) -> None:
    unreached = []
    for rule in advisor.rulebook.rules:
        assert rule.examples, f"{rule.id} has no example questions"
        for example in rule.examples:
            winner = decided_by(advisor, example)
            if winner != rule.id:
                unreached.append(f"{rule.id}: {example!r} -> {winner}")
    assert unreached == []


def test_every_answering_rule_says_why_and_what_instead(advisor: Advisor) -> None:
    for rule in advisor.rulebook.rules:
        if rule.verdict is Verdict.OUT_OF_SCOPE:
            continue
        advice = advisor.advise(rule.examples[0])
        assert advice.why == rule.why
        assert advice.instead == rule.instead
        assert advice.title == rule.title
        assert advice.source


def test_custom_rulebook_from_dir() -> None:
    tiny = Advisor.from_dir(DATA / "rulebooks" / "tiny")
    advice = tiny.advise("can I bring cupcakes for the team?")
    assert (advice.verdict, advice.rule_id) == (Verdict.CAUTION, "snacks.cake")
    assert advice.source == "House style guide, page 2"
    assert tiny.advise("should I send flowers?").verdict is Verdict.OUT_OF_SCOPE


def test_a_question_read_twice_is_read_once_and_another_is_read_afresh(advisor: Advisor) -> None:
    first = advisor.read("can I send flowers to the interviewer?")
    assert advisor.read("can I send flowers to the interviewer?") is first
    other = advisor.read("can I send a thank-you email?")
    assert other is not first
    assert "flowers" in first.words
    assert "flowers" not in other.words


def _house_book(tmp_path: Path, topic_file: str, advice: str) -> Advisor:
    """An advisor over a one-file rulebook in `tmp_path`, citing a single "house" source."""
    (tmp_path / "advice").mkdir()
    (tmp_path / "sources.yaml").write_text("sources:\n  house:\n    citation: House\n")
    (tmp_path / "advice" / f"{topic_file}.yaml").write_text(advice)
    return Advisor.from_dir(tmp_path)


STATE_BOOK = """
topic: offers
{states}
concepts:
  quit: [quit my job, resign]
  signed: [signed the offer, signed the contract]
rules:
  - id: offers.quit_now
    verdict: ok
    title: Resigning once it is signed
    why: The risk is gone.
    instead: Resign politely.
    source: house
    match:
      all: [quit, signed]
  - id: offers.quit_early
    verdict: avoid
    title: Quitting early
    why: It can fall through.
    instead: Wait.
    source: house
    match:
      all: [quit]
      none: [signed]
"""


@pytest.mark.parametrize(
    ("states", "unsigned"),
    [("states: [signed]", "offers.quit_early"), ("", "offers.quit_now")],
)
def test_a_negated_state_is_the_state_not_holding(
    tmp_path: Path, states: str, unsigned: str
) -> None:
    """ "I haven't signed" meets no requirement for a signed offer and vetoes nothing, for a
    concept listed as a state; other concepts count however they are mentioned."""
    book = _house_book(tmp_path, "offers", STATE_BOOK.format(states=states))
    assert book.advise("I signed the offer, can I resign?").rule_id == "offers.quit_now"
    assert book.advise("I haven't signed the offer yet, can I resign?").rule_id == unsigned
    assert book.advise("I didn't sign the contract, can I resign?").rule_id == unsigned
    assert book.advise("can I resign until I've signed the offer?").rule_id == unsigned


# -- what was done already, who is thanked, which side of the table ------------------------------


@pytest.mark.parametrize(
    ("question", "verdict", "rule_id"),
    [
        # Repairing what was already sent is not sending it again.
        (
            "I sent a nasty reply to their rejection email last night, should I apologize?",
            Verdict.OK,
            "rejection.amends",
        ),
        (
            "sent my thank you and spelled her name wrong, do i send a quick correction",
            Verdict.CAUTION,
            "thanks.small_slip",
        ),
        # The references are the ones thanked, not the interviewer.
        ("can I text my references to thank them?", Verdict.OK, "references.thank"),
        ("can I send my references a bottle of wine as thanks?", Verdict.AVOID, "references.gift"),
        # Cancelling one process because another one is going well is stopping the search.
        (
            "got a second round at my dream company, should i cancel my interview with company B",
            Verdict.AVOID,
            "job_search.stop",
        ),
        (
            "I'm no longer interested in company B, can I cancel my interview with them?",
            Verdict.OK,
            "withdrawing.tell_them",
        ),
        # What they asked for decides, not the topic the instruction names.
        (
            "the recruiter said not to call, can I call her anyway?",
            Verdict.AVOID,
            "process.against_wishes",
        ),
    ],
)
def test_the_stance_that_decides_is_read(
    advisor: Advisor, question: str, verdict: Verdict, rule_id: str
) -> None:
    advice = advisor.advise(question)
    assert (advice.verdict, advice.rule_id) == (verdict, rule_id)


@pytest.mark.parametrize(
    "question",
    [
        "I'm on the hiring panel next week, can I look up the candidates' social media?",
        "interviewing a candidate for my team tomorrow, what should i ask them",
        "can my employer legally hold my last paycheck if i quit without notice",
    ],
)
def test_the_hiring_side_and_the_law_are_not_my_area(advisor: Advisor, question: str) -> None:
    assert advisor.advise(question).verdict is Verdict.OUT_OF_SCOPE


def test_a_question_that_says_it_is_not_about_the_law_is_answered(advisor: Advisor) -> None:
    """`legal_question` is a state: "(morally, not legally)" says the law is not asked about."""
    advice = advisor.advise(
        "if I accept, am I allowed to change my mind before I start? (morally, not legally)"
    )
    assert advice.verdict is not Verdict.OUT_OF_SCOPE


def test_the_router_never_fills_in_a_rule_the_question_rules_out(advisor: Advisor) -> None:
    """Where no rule matched, the router may answer with a rule the question is about, but not
    with one whose ``none`` the question mentions: it compares words, not what is ruled out."""
    rule = advisor.rulebook.rule("boundaries.personal_contact")
    asked = "can I ask the recruiter for her personal phone number?"
    reference = "my reference has a new phone number, should I tell the recruiter?"
    assert advisor._may_fill(rule, advisor.read(asked), asked)
    assert not advisor._may_fill(rule, advisor.read(reference), reference)


def test_the_router_fills_no_gap_in_a_search_for_something_else(advisor: Advisor) -> None:
    """The router hears a gift in "pizza". A query that asks nothing and names no hiring
    process is not my area; put as a question, "should I send flowers?" is still about the
    interviewer here."""
    search = "best pizza near me open now"
    assert advisor.explain(search).winner is None
    assert advisor.second.fill(search) is not None
    assert advisor.advise(search).verdict is Verdict.OUT_OF_SCOPE
    assert advisor.advise("should I send flowers?").verdict is Verdict.AVOID
    assert advisor.advise("should i send flowers").verdict is Verdict.AVOID


def test_the_router_fills_no_gap_from_one_concept_where_no_process_is_named(
    advisor: Advisor,
) -> None:
    """ "How long should I bake a potato?" reads as "how long" alone: too little to put a
    thank-you's timing to it. "should I send flowers?" reads a gift and a gift for someone."""
    question = "How long should I bake a potato?"
    assert advisor.explain(question).winner is None
    assert advisor.second.fill(question) is not None
    assert advisor.advise(question).verdict is Verdict.OUT_OF_SCOPE


def test_offering_to_do_someone_a_favour_is_no_job_offer(advisor: Advisor) -> None:
    reading = advisor.read("My neighbour helped me move, should I offer to pay him?")
    assert "offer" not in reading.hits
    assert "job_context" not in reading.hits
    assert "offer" in advisor.read("they made me an offer to join the team, can I negotiate?").hits


VETO_BOOK = """
topic: follow_up
concepts:
  call: [call, ring]
  note: [thank you note, card]
rules:
  - id: follow_up.call
    verdict: ok
    title: A call instead of a note
    why: A call is fine.
    instead: Keep it short.
    source: house
    match:
      all: [call]
      none: [note]
"""


def test_a_veto_mentioned_only_in_negation_rules_nothing_out(tmp_path: Path) -> None:
    book = _house_book(tmp_path, "follow-up", VETO_BOOK)
    assert book.advise("can I call them without a thank you note?").rule_id == "follow_up.call"
    assert book.advise("can I call them after my thank you note?").rule_id is None


CONTEXT_BOOK = """
topic: follow_up
{context}
concepts:
  follow: [follow up, text him, text her]
  interview: [interview, recruiter]
  dating: [first date, tinder]
rules:
  - id: follow_up.wait
    verdict: ok
    title: Following up after a wait
    why: A week is fine.
    instead: Send one short note.
    source: house
    priority: 3
    match:
      all: [follow]
      boost: [interview]
  - id: scope.dating
    verdict: out_of_scope
    title: Dating
    why: Not my area.
    instead: ""
    source: house
    match:
      any: [dating]
      none: [interview]
"""


@pytest.mark.parametrize(
    ("context", "first_date"),
    [("context: [interview]", None), ("", "follow_up.wait")],
)
def test_a_question_naming_no_hiring_process_goes_to_the_out_of_scope_rule(
    tmp_path: Path, context: str, first_date: str | None
) -> None:
    """Where the rulebook lists its `context` and a question names none of it, an out-of-scope
    rule that applies decides, however well an in-scope rule matches the rest."""
    book = _house_book(tmp_path, "follow-up", CONTEXT_BOOK.format(context=context))
    assert book.advise("should I follow up after our first date?").rule_id == first_date
    assert book.advise("should I follow up after the interview?").rule_id == "follow_up.wait"


def test_a_plan_of_good_steps_is_read_by_every_rule_that_agrees(advisor: Advisor) -> None:
    """Each step of "thank them, ask to be kept in mind, carry on applying" has its own ok
    rule: the deciding one alone explains little of the plan, the three together do."""
    question = (
        "Plan: if they reject me I'll thank them, ask to be kept in mind for future roles, and "
        "carry on with my other applications. Sound ok?"
    )
    decision = advisor.explain(question)
    assert decision.winner is not None
    words = len(decision.reading.words)
    assert words > LONG_QUESTION_WORDS
    alone = advisor.covered_words(decision.winner.rule, decision.reading)
    assert alone / words < THIN_COVERAGE
    assert all(c.rule.verdict is not Verdict.AVOID for c in decision.ranked)
    assert advisor.advise(question).verdict is Verdict.OK
    angry = question.replace("and carry on", "tell them they're idiots, and carry on")
    assert advisor.advise(angry).verdict is not Verdict.OK


def test_a_sentence_that_asks_about_another_topic_is_not_my_area(advisor: Advisor) -> None:
    """The story is about waiting after an interview; what is asked is a cover letter."""
    story = "After my last interview, which I'm still waiting to hear back on, I'm applying "
    story += "to a few more places."
    asked = advisor.advise(f"{story} How long should a cover letter be these days?")
    assert asked.verdict is Verdict.OUT_OF_SCOPE
    assert asked.title is not None
    waiting = advisor.advise(f"{story} Is it okay to email them for an update now?")
    assert waiting.verdict is not Verdict.OUT_OF_SCOPE


def test_a_hiring_word_inside_an_out_of_scope_topic_does_not_veto_it(advisor: Advisor) -> None:
    """The "interview" of "a school admission interview" is the other topic's own word; a job
    interview named beside it still places the question in a hiring process."""
    school = "My daughter had a school admission interview. Is it good to send a gift after?"
    assert advisor.advise(school).verdict is Verdict.OUT_OF_SCOPE
    scoped = advisor.rulebook.rule("scope.school")
    assert advisor.score(scoped, advisor.read(school)) is not None
    both = (
        "I had my college interview today and a job interview yesterday. "
        "Should I send a thank-you note to the hiring manager?"
    )
    assert advisor.score(scoped, advisor.read(both)) is None
    assert advisor.advise(both).verdict is not Verdict.OUT_OF_SCOPE


def test_a_gift_the_asker_received_is_not_one_they_mean_to_send(advisor: Advisor) -> None:
    received = "The recruiter sent me a gift basket after I signed. Should I send a thank-you note?"
    assert advisor.advise(received).rule_id not in ("gifts.send", "gifts.after_hire")
    signed = advisor.advise("Should I send the recruiter a gift basket after I signed?")
    assert (signed.verdict, signed.rule_id) == (Verdict.CAUTION, "gifts.after_hire")
    sending = advisor.advise("Should I send my interviewer a gift basket?")
    assert (sending.verdict, sending.rule_id) == (Verdict.AVOID, "gifts.send")


@pytest.mark.parametrize(
    "question",
    [
        # the employer's trade is not the asker's topic: a bakery is no baked gift, a gym no perk
        "the bakery offered me the job, can I ask for weekends off before I accept?",
        "the gym interviewed me for a trainer role, should I email a thank you?",
    ],
)
def test_the_employer_s_trade_does_not_decide_the_topic(advisor: Advisor, question: str) -> None:
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.OK
    assert advice.rule_id not in ("gifts.send", "thanks.salary")


@pytest.mark.parametrize(
    "question",
    [
        "I interviewed at a wine bar for a bartender job, should I send a thank you note?",
        "I interviewed at Tinder for a marketing role, is a thank-you email okay?",
        "I interviewed at a gift shop, should I send a thank you email?",
        "I interviewed at a flower delivery company, can I send a thank you email?",
    ],
)
def test_where_the_asker_interviewed_is_not_what_they_ask_about(
    advisor: Advisor, question: str
) -> None:
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.OK
    assert advice.rule_id is not None
    assert advice.rule_id.startswith("thanks.")


@pytest.mark.parametrize(
    ("question", "rule_id"),
    [
        (
            "the HR person at the flower shop rejected me, can I ask for feedback?",
            "rejection.feedback",
        ),
        ("I got an offer at a candy company, can I negotiate the salary?", "offers.negotiate"),
    ],
)
def test_someone_at_an_employer_names_where_too(
    advisor: Advisor, question: str, rule_id: str
) -> None:
    advice = advisor.advise(question)
    assert (advice.verdict, advice.rule_id) == (Verdict.OK, rule_id)


@pytest.mark.parametrize(
    "question",
    [
        # a word that can flirt or give, used in its everyday sense
        "I crushed the interview today, should I send a thank-you email tonight?",
        "They made me an attractive offer, can I still negotiate the salary?",
        "I interviewed for a chemistry teacher job, when should I follow up?",
        "I had to present my portfolio in the interview, should I send the slides afterwards?",
        "they treated me really well at the interview, is a thank you email enough?",
        "what is a good start date to propose after I accept the offer?",
    ],
)
def test_an_everyday_word_is_no_romance_gift_or_reneging(advisor: Advisor, question: str) -> None:
    advice = advisor.advise(question)
    assert advice.verdict is Verdict.OK
    assert advice.rule_id not in ("boundaries.romance", "gifts.send", "offers.renege")


def test_looks_and_romance_are_still_read(advisor: Advisor) -> None:
    for question in (
        "Interviewer was very beautiful, can I invite her for coffee after the process?",
        "I have a crush on the recruiter, can I ask him out?",
        "can I tell the hiring manager I find her attractive?",
    ):
        assert advisor.advise(question).verdict is Verdict.AVOID, question


def test_what_the_job_demands_is_no_list_of_demands(advisor: Advisor) -> None:
    advice = advisor.advise(
        "the job demands a lot of travel, can I ask about it in my follow-up email?"
    )
    assert advice.verdict is not Verdict.AVOID
    assert advice.rule_id != "offers.demands"
    demands = advisor.advise("can I send the recruiter my list of demands before the offer?")
    assert (demands.verdict, demands.rule_id) == (Verdict.AVOID, "offers.demands")
