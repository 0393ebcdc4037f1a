"""The asker's own quoted words decide the verdict when the reviewer's tone checks flag them."""

from __future__ import annotations

from functools import cache

import pytest

from bot.advice.advisor import Advisor
from bot.advice.quoted import LOOK_BACK, MOST_QUOTES, QuotedTone, own_quotes
from bot.advice.rulebook_file import default_rules_dir, load_rulebook
from bot.core.messages import Verdict
from tests.paths import DATA


@cache
def tone() -> QuotedTone:
    book = load_rulebook()
    loaded = QuotedTone.load(default_rules_dir(), book.by_id)
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(
    ("question", "quotes"),
    [
        ('can i reply "no worries, your loss"?', ["no worries, your loss"]),
        ("ending with “see you soon ;)” is fine?", ["see you soon ;)"]),
        ("is replying 'thanks anyway' ok?", ["thanks anyway"]),
        ("i'm sure it's fine, isn't it?", []),
        (
            "can i follow up with 'an answer by friday or i'm out'?",
            ["an answer by friday or i'm out"],
        ),
        ("can i say 'thanks, it's been great' and leave it?", ["thanks, it's been great"]),
        ('they wrote "we need an answer by friday". can i ask for a week?', []),
        (
            'the recruiter said "call me every day". then can i write "thanks, will do"?',
            ["thanks, will do"],
        ),
    ],
)
def test_own_quotes_are_the_askers_words_in_quotes_not_apostrophes_or_others(
    question: str, quotes: list[str]
) -> None:
    assert list(own_quotes(question)) == quotes


@pytest.mark.parametrize(
    ("question", "check", "rule_id"),
    [
        ('is it cool to reply "no worries, your loss"?', "angry", "rejection.angry_reply"),
        ('got rejected. can i reply "ok whatever"?', "angry", "rejection.angry_reply"),
        (
            'ok to follow up with "I guess you\'re not going to bother replying"?',
            "angry",
            "rejection.angry_reply",
        ),
        ('can i sign off "hope to take you out to dinner"?', "romantic", "boundaries.romance"),
        ('ok to follow up with "as per my last email"?', "pressure", "follow_up.too_often"),
        ('planning to answer the offer with "match 130k or i\'m out"', "demands", "offers.demands"),
        (
            "my thank-you will say 'Yo Dan!! had a blast lol', that fits them right?",
            "casual",
            "thanks.casual",
        ),
    ],
)
def test_a_flagged_quote_names_the_check_and_its_rule(
    question: str, check: str, rule_id: str
) -> None:
    finding = tone().finding(question)
    assert finding is not None
    assert (finding.check, finding.rule_id) == (check, rule_id)


@pytest.mark.parametrize(
    "question",
    [
        'can i reply "thank you for letting me know, i enjoyed meeting the team"?',
        'can i answer the offer with "could we discuss 130k?"',  # figures only flag a thank-you
        'can i close with "whatever works best for your schedule"?',
        'the recruiter wrote "your loss" to me, should i reply politely?',
        "should i reply that it was their loss?",  # nothing quoted: the matcher's reading stands
    ],
)
def test_polite_quotes_and_someone_elses_words_are_not_flagged(question: str) -> None:
    assert tone().finding(question) is None


def test_a_hostile_quoted_reply_is_an_avoid_where_the_topic_alone_reads_ok(
    advisor: Advisor,
) -> None:
    polite = advisor.advise('they said no. is it cool to reply "thanks for letting me know"?')
    hostile = advisor.advise('they said no. is it cool to reply "no worries, your loss"?')
    assert polite.verdict is Verdict.OK
    assert (hostile.verdict, hostile.rule_id) == (Verdict.AVOID, "rejection.angry_reply")
    assert hostile.why == advisor.rulebook.rule("rejection.angry_reply").why


def test_a_rulebook_without_review_checks_reads_quotes_as_words() -> None:
    tiny = Advisor.from_dir(DATA / "rulebooks" / "tiny")
    assert tiny.quoted_tone is None
    assert tiny.advise('can I bring cupcakes saying "your loss"?').verdict is Verdict.CAUTION


def test_only_the_first_quotes_are_read_and_only_the_words_just_before_them() -> None:
    padding = '"thanks" ' * MOST_QUOTES
    assert tone().finding(f'can i reply {padding} "your loss"') is None
    far = "they said " + "x" * LOOK_BACK  # too far back to say whose words they are
    assert list(own_quotes(f'{far} "your loss"')) == ["your loss"]


def test_a_hostile_quote_is_read_even_where_no_rule_matched_the_rest(advisor: Advisor) -> None:
    """Nothing else in the question names a topic, yet the asker's own words are an ultimatum."""
    question = 'thinking of answering "match it or I am out", fine?'
    assert advisor.explain(question).winner is None
    advice = advisor.advise(question)
    assert (advice.verdict, advice.rule_id) == (Verdict.AVOID, "offers.demands")
    polite = advisor.advise('thinking of answering "thanks so much, talk soon", fine?')
    assert polite.verdict is not Verdict.AVOID
