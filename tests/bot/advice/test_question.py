"""Reading a question into words: normalising, shorthand, clauses, stems, negation, obligation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.advice.question import (
    asks,
    negated_clause,
    negation_scope,
    normalise,
    obligation_frames,
    split_words,
    stem,
)


def test_inflections_share_one_stem() -> None:
    assert stem("sending") == stem("sends") == stem("send") == "send"
    assert stem("notes") == stem("noted") == "note"
    assert stem("replied") == "reply"
    assert stem("stopped") == "stop"


def test_shorthand_curly_quotes_and_punctuation_become_words_and_clauses() -> None:
    read = split_words("Thx 4 the gr8 chat!  Can\u2019t I send it?")
    assert read.words == ("thanks", "for", "the", "great", "chat", "can", "not", "i", "send", "it")
    assert read.clauses == (0, 0, 0, 0, 0, 1, 1, 1, 1, 1)


def test_hyphens_slashes_and_ampersands_are_spelled_out() -> None:
    assert normalise("Follow-up/check-in & more").split() == [
        "follow", "up", "check", "in", "and", "more"
    ]  # fmt: skip


def test_an_accented_word_stays_one_word_without_its_accents() -> None:
    assert split_words("Can I resend my résumé to the café manager?").words == (
        "can", "i", "resend", "my", "resume", "to", "the", "cafe", "manager"
    )  # fmt: skip
    assert normalise("Naïve ZOË") == "naive zoe"


def test_a_negator_reaches_a_few_words_within_its_clause() -> None:
    words = split_words("should I not send a thank-you note after the interview").words
    scope = negation_scope(words, (0,) * len(words))
    assert words[2] == "not"
    assert scope[3:8] == (2, 2, 2, 2, 2)
    assert scope[8:] == (-1, -1, -1)
    assert scope[:3] == (-1, -1, -1)


def test_a_reported_past_is_not_a_plan_not_to_do_it() -> None:
    """ "I didn't send one" states what happened; it does not ask about not sending."""
    words = split_words("I didn't send one, is that bad").words
    assert set(negation_scope(words, (0,) * len(words))) == {-1}
    assert not any(negated_clause(words, (0,) * len(words)))
    for said in ("i never sent a thank you", "i never emailed them"):
        words = split_words(said).words
        clauses = (0,) * len(words)
        assert set(negation_scope(words, clauses)) == {-1}, said
        assert set(negation_scope(words, clauses, facts=True)) != {-1}, said
    plan = split_words("should i never send a thank you").words
    assert set(negation_scope(plan, (0,) * len(plan))) != {-1}


def _send_negated(said: str) -> tuple[bool, bool]:
    """Whether "send" in `said` is in a negator's reach, and after a negator in its clause."""
    words = split_words(said).words
    clauses = (0,) * len(words)
    send = words.index("send")
    return negation_scope(words, clauses)[send] != -1, negated_clause(words, clauses)[send]


@pytest.mark.parametrize(
    "said",
    [
        # A word of doubt takes the negation itself: these ask about sending.
        "i am not sure whether to send a thank you",
        "i do not really know if i should send a thank you",
        "i can not find advice on how to send a thank you",
        # Someone else's instruction negates no plan of the asker's.
        "they asked us not to send a thank you",
        "the recruiter said not to send one",
    ],
)
def test_a_negation_that_is_not_the_askers_plan_leaves_the_action_alone(said: str) -> None:
    assert _send_negated(said) == (False, False)


@pytest.mark.parametrize(
    "said", ["i am not going to send a thank you", "should i not send a thank you"]
)
def test_the_askers_own_negation_still_reaches_the_action(said: str) -> None:
    assert _send_negated(said)[0]


def test_post_interview_is_after_the_interview_not_a_post() -> None:
    assert "after the interview" in normalise("a post-interview thank you")
    assert "after the interview" in normalise("my post interview email")
    assert normalise("can I post about it") == "can i post about it"


def test_obligation_frames_are_found_but_not_questions_of_time() -> None:
    assert obligation_frames(split_words("do I have to accept the first offer").words) == [(0, 4)]
    assert obligation_frames(split_words("how long do I have to reply").words) == []


@given(st.text(max_size=300))
def test_any_text_reads_into_aligned_words_and_clauses(text: str) -> None:
    read = split_words(text)
    assert len(read.words) == len(read.clauses)
    assert list(read.clauses) == sorted(read.clauses)
    assert all(word and word == word.lower() for word in read.words)
    assert 0 <= read.ask_start <= max(len(read.words) - 1, 0)


def test_the_sentence_that_asks_is_found_after_the_story() -> None:
    story = split_words("I called twice this week. No callback yet. Should I ring again? Or wait.")
    assert story.words[story.ask_start :] == ("should", "i", "ring", "again", "or", "wait")
    plain = split_words("I interviewed last week. They went quiet.")
    assert plain.words[plain.ask_start :] == ("they", "went", "quiet")
    assert split_words("can I call them tomorrow?").ask_start == 0
    assert split_words("Is it ok? I think so").ask_start == 0  # asked first: all of it counts
    assert split_words("It costs 3.5 dollars. ok?").words[-1] == "okay"


def test_a_text_is_asked_with_a_question_mark_or_an_opening_word() -> None:
    assert asks("flowers for the interviewer?", split_words("flowers?").words)
    assert asks("should i send flowers", split_words("should i send flowers").words)
    assert not asks("best pizza near me open now", split_words("best pizza near me").words)
    assert not asks("", ())
