"""The reviewer on real-looking notes: each flaw caught with its words, clean notes pass."""

from __future__ import annotations

from functools import cache

import pytest

from bot.review.evaluation import evaluate_notes, load_notes
from bot.review.reviewer import Reviewer
from bot.review.values import CHECKS, NoteContext
from tests.paths import ROOT

NOTES = ROOT / "tests" / "data" / "notes" / "labelled.yaml"
TRAINING = ROOT / "tests" / "data" / "notes" / "training.yaml"
HELDOUT = ROOT / "tests" / "data" / "notes" / "heldout.yaml"
ACME = NoteContext(company="Acme", interviewers=("Dana Lee",), role="Data Engineer")
CLEAN = (
    "Dear Dana,\n\nThank you for meeting with me yesterday about the Data Engineer role at Acme. "
    "I especially enjoyed our conversation about moving your nightly batch jobs to streaming, "
    "and it made me even more excited about the team.\n\nI look forward to hearing about the "
    "next steps.\n\nBest regards,\nSam Patel"
)


@cache
def reviewer() -> Reviewer:
    return Reviewer.from_dir()


def test_a_clean_specific_note_is_ok_with_no_findings() -> None:
    review = reviewer().review(CLEAN, ACME)
    assert review.verdict == "ok"
    assert review.findings == ()


@pytest.mark.parametrize(
    ("check", "text", "excerpt"),
    [
        ("spelling", CLEAN.replace("especially", "especialy"), "especialy"),
        ("casual", CLEAN.replace("Dear Dana", "hey Dana"), "hey"),
        ("casual", CLEAN.replace("the team.", "the team lol."), "lol"),
        ("wrong_name", CLEAN.replace("Dear Dana", "Dear Dan"), "Dan"),
        ("wrong_name", CLEAN.replace("role at Acme", "role at Globex"), "Globex"),
        (
            "demands",
            CLEAN.replace("I look", "I need $75 a month for internet. I look"),
            "I need $75 a month",
        ),
        (
            "apology",
            CLEAN.replace("I look", "Sorry I was so nervous. I look"),
            "Sorry I was so nervous",
        ),
        (
            "angry",
            CLEAN.replace("I look", "Frankly it was a waste of my time. I look"),
            "waste of my time",
        ),
        (
            "pressure",
            CLEAN.replace("I look", "As per my last email, I look"),
            "As per my last email",
        ),
        (
            "demands",
            CLEAN.replace("I look", "Match the other offer or I'm out. I look"),
            "or I'm out",
        ),
        (
            "romantic",
            CLEAN.replace("I look", "You have a beautiful smile. I look"),
            "beautiful smile",
        ),
        (
            "pressure",
            CLEAN.replace("I look", "I'll call every day until I hear back. I look"),
            "call every day",
        ),
    ],
)
def test_each_flaw_is_caught_with_the_words_it_is_about(
    check: str, text: str, excerpt: str
) -> None:
    review = reviewer().review(text, ACME)
    found = [f for f in review.findings if f.check == check]
    assert found, review.findings
    assert any(excerpt in f.excerpt for f in found)
    assert all(f.suggestion for f in found)
    assert review.verdict in ("caution", "avoid")


def test_a_serious_problem_decides_the_verdict_and_comes_first() -> None:
    text = CLEAN.replace("especially", "especialy").replace("I look", "Your loss if not. I look")
    review = reviewer().review(text, ACME)
    assert review.verdict == "avoid"
    assert review.findings[0].check == "angry"


def test_nitpicks_are_capped_so_they_never_drown_the_rest() -> None:
    typos = " ".join(["recieve", "definately", "intervew", "oppurtunity", "seperate", "untill"])
    review = reviewer().review(CLEAN.replace("the team.", f"the team {typos}."), ACME)
    spelled = [f for f in review.findings if f.check == "spelling"]
    assert len(spelled) == 4
    assert review.hidden >= 2


def test_hostile_input_is_reviewed_without_blowing_up() -> None:
    review = reviewer().review("a" * 2000)
    assert review.verdict != "ok"
    assert all(len(f.excerpt) <= 80 for f in review.findings)
    assert reviewer().review("").findings == ()


def test_kind_is_read_from_the_note_when_not_given() -> None:
    note = "Dear Sofia, thank you for letting me know about your decision. Best, Chris"
    assert reviewer().review(note).kind == "rejection-reply"


def test_the_labelled_set_meets_its_targets() -> None:
    report = evaluate_notes(reviewer(), load_notes(NOTES))
    assert set(report.expected) == set(CHECKS)
    assert report.meets_targets(), report.render()


def test_the_training_set_meets_its_targets() -> None:
    report = evaluate_notes(reviewer(), load_notes(TRAINING))
    assert report.meets_targets(), report.render()


def test_the_held_out_set_is_readable_and_labels_every_check() -> None:
    # Only its format is tested: its figures are measured, never made a target to tune to.
    notes = load_notes(HELDOUT)
    assert len(notes) >= 80
    assert {c for n in notes for c in n.expect} == set(CHECKS)
    assert all(n.context.company and n.context.interviewers for n in notes)
