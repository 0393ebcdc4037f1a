"""The reader: a question into words and the rulebook's concepts, negated or denied."""

from __future__ import annotations

from bot.advice.reader import Reader
from bot.advice.rulebook_file import load_rulebook


def test_phrases_are_found_by_first_word_and_by_prefix_with_typos_corrected() -> None:
    reader = Reader(load_rulebook())
    reading = reader.read("is it ok to send a thnak you note to the recruter?")
    assert "thanks" in reading.hits
    assert "recruiter" in reading.hits
    assert "thank" in reading.words
    assert "recruiter" in reading.words


def test_a_negator_binds_the_first_mention_it_reaches() -> None:
    reader = Reader(load_rulebook())
    reading = reader.read("can I not reply to the recruiter?")
    assert reading.negated("reply")
    assert not reading.negated("recruiter")
    fact = reader.read("I didn't get the written offer, can I resign?")
    assert fact.denied("offer_secured") or fact.denied("have_offer")


def test_the_last_reading_is_kept_for_the_same_question_only() -> None:
    reader = Reader(load_rulebook())
    first = reader.read("should I call them tomorrow?")
    assert reader.read("should I call them tomorrow?") is first
    assert reader.read("should I email them tomorrow?") is not first


def test_a_relative_who_acts_brings_in_none_of_the_relations() -> None:
    """ "My girlfriend wants to send flowers" is about flowers; "dating my interviewer's
    girlfriend" still names romance, and a relative asked about stays."""
    rulebook = load_rulebook()
    assert "romance" in rulebook.relations
    reader = Reader(rulebook)
    acting = reader.read("My girlfriend wants to send the hiring manager flowers. Should she?")
    assert "romance" not in acting.hits
    assert "gift" in acting.hits
    assert "romance" in reader.read("can I ask my interviewer if he has a girlfriend?").hits
    assert "relative_ref" in reader.read("can my mom be a reference?").hits


def test_a_mention_inside_a_negated_one_is_negated_with_it() -> None:
    reading = Reader(load_rulebook()).read("I'm not looking to leave, I like my job otherwise.")
    hits = reading.hits["interviewing"]
    assert len(hits) >= 2  # "looking to leave" and "leave" inside it
    assert all(hit.negated for hit in hits)
    assert not reading.affirmed("interviewing")


def test_an_employer_s_trade_brings_in_none_of_the_trades() -> None:
    """ "I interviewed at a wine bar" names where, not a gift of wine; a bottle of wine the
    asker means to send, outside the name, is still a gift."""
    rulebook = load_rulebook()
    assert "gift" in rulebook.trades
    reader = Reader(rulebook)
    where = reader.read("I interviewed at a wine bar, should I send a thank-you note?")
    assert "gift" not in where.hits
    assert "thanks" in where.hits
    sending = reader.read("I interviewed at a wine bar, can I send the manager a bottle of wine?")
    assert "gift" in sending.hits
    assert "romance" not in reader.read("I interviewed at Tinder for a marketing role").hits


def test_a_concept_s_word_in_another_sense_is_set_aside() -> None:
    """The rulebook's `senses`: "resigned to waiting" accepts the wait, "a gift for" is a talent;
    the same words outside those phrases still count."""
    reader = Reader(load_rulebook())
    waiting = reader.read("I'm resigned to waiting, can I send one follow-up email?")
    assert "resign_word" not in waiting.hits
    assert "resign" not in waiting.hits
    assert "resign_word" in reader.read("I resigned yesterday, can I still follow up?").hits
    talent = reader.read("she has a gift for putting people at ease, can I say so?")
    assert "gift" not in talent.hits
    assert "gift" in reader.read("can I send her a gift for the interview?").hits
