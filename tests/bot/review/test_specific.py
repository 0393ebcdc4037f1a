"""The checks against the interview: generic notes and wrong names, on their edge cases."""

from __future__ import annotations

from functools import cache

from bot.review.reviewer import Reviewer
from bot.review.values import NoteContext

MEADOWLARK = NoteContext(company="Meadowlark Foods", interviewers=("Josephine Adler",))


@cache
def reviewer() -> Reviewer:
    return Reviewer.from_dir()


def checks(text: str, context: NoteContext = MEADOWLARK) -> set[str]:
    return {f.check for f in reviewer().review(text, context).findings}


def test_a_cue_followed_by_nothing_specific_is_still_generic() -> None:
    text = (
        "Dear Josephine,\n\nThank you for the opportunity to interview for the role. I enjoyed "
        "learning more about the company. I am excited about the opportunity and confident my "
        "skills are a good match.\n\nBest regards,\nNathan Price"
    )
    assert checks(text) == {"generic"}


def test_a_tour_or_a_conversation_about_something_is_specific() -> None:
    text = (
        "Dear Josephine,\n\nThank you for the tour of the pasta line on Tuesday and for our "
        "interview about the new packaging trial. I would be glad to help the product team.\n\n"
        "Best regards,\nNathan Price"
    )
    assert checks(text) == set()


def test_another_company_sharing_a_common_word_is_a_wrong_name() -> None:
    text = (
        "Dear Josephine,\n\nThank you for the interview. I enjoyed hearing about the new "
        "oat milk range, and I'm excited about the chance to join Larkspur Foods.\n\n"
        "Best regards,\nNathan Price"
    )
    review = reviewer().review(text, MEADOWLARK)
    assert [(f.check, f.excerpt) for f in review.findings] == [("wrong_name", "Larkspur Foods")]


def test_a_name_alone_on_the_first_line_is_a_greeting_and_hiya_is_not_a_name() -> None:
    plain = (
        "Josephine,\n\nThank you for the interview and the tour of the bakery on Monday. I "
        "enjoyed hearing how the night shift plans the sourdough bake, and I would be glad to "
        "help the team with it.\n\nBest regards,\nNathan Price"
    )
    assert checks(plain) == set()
    hiya = plain.replace("Josephine,", "Hiya Josephine!")
    assert "wrong_name" not in checks(hiya)
    assert "casual" in checks(hiya)
