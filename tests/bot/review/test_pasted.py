"""Which messages are pasted notes (reviewed) and which are questions (answered)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advice.evaluation import load_cases
from bot.review.evaluation import load_notes
from bot.review.pasted import pasted_note
from tests.paths import DATA

NOTE = (
    "Dear Dana,\n\nThank you for meeting with me about the Data Engineer role at Acme. "
    "I enjoyed our conversation about the streaming migration.\n\nBest regards,\nSam"
)

ANGRY = "Helen,\n\nI just got your rejection email and I am furious about your whole process.\nSam"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (NOTE, NOTE),
        ("can I send this? " + NOTE, NOTE),
        ("is this ok to send?\n\n" + NOTE, NOTE),
        ("my thank-you: Hi Dana, thanks a lot! Sam", "Hi Dana, thanks a lot! Sam"),
        (ANGRY, ANGRY),
        ("is this ok?\n> " + NOTE.replace("\n", "\n> "), NOTE),
        ("is this ok?\n```\n" + NOTE + "\n```", NOTE),
        (
            "would you send this? Thanks for the interview today, I enjoyed it. Jo",
            "Thanks for the interview today, I enjoyed it. Jo",
        ),
    ],
)
def test_a_pasted_note_is_found_with_or_without_a_lead_in(text: str, note: str) -> None:
    assert pasted_note(text) == note


@pytest.mark.parametrize(
    "text",
    [
        "Hi, is it ok to send my interviewer flowers after the interview tomorrow, or too much?",
        "Hi team, I wanted to ask: should I send a thank you to each interviewer or one to HR?",
        "Hi Dana, thanks!",  # too short to be a draft without a lead-in
        "is it ok to follow up? I interviewed last week and they said they would get back to me",
        "thanks, that helps. my interviewer said she would call on friday and she did not call me",
        "should I send a thank you note after a phone interview with the hiring manager today?",
        # a lead-in that reports what was sent, then asks about it
        "I emailed a thank you, kept it short: thanks for your time and our chat. Was short fine?",
        "I sent this: thanks for the interview, I enjoyed meeting the team. Is that okay?",
    ],
)
def test_questions_to_the_coach_are_not_taken_for_notes(text: str) -> None:
    assert pasted_note(text) is None


def test_no_question_in_the_project_files_is_taken_for_a_note() -> None:
    questions = [c.question for path in DATA.glob("questions-*.tsv") for c in load_cases(path)]
    assert len(questions) > 2000
    assert [q for q in questions if pasted_note(q) is not None] == []


@pytest.mark.parametrize("name", ["labelled.yaml", "training.yaml", "heldout.yaml"])
def test_almost_every_note_of_the_review_sets_is_found_after_a_lead_in(name: str) -> None:
    notes = [n.text for n in load_notes(Path(DATA / "notes" / name))]
    found = [t for t in notes if pasted_note("can I send this? " + t) is not None]
    assert len(found) >= 0.95 * len(notes)
