"""The saved answers to the written and tuning questions: an edit that moves one shows here.

Adding a rule or a phrase can change answers far from it (a concept many rules need weighs
less; the router's neighbours shift). `tests/data/answers.jsonl` holds every verdict and
deciding rule for the questions written here and the tuning part of the real ones, so such an
edit fails this test with the list of what it moved. Check each change, then refresh the file
with `make answers`. The frozen part and the kept-back blind halves are never in it: seeing
their answers move must not be what chooses an edit.
"""

from __future__ import annotations

from bot.advice.advisor import Advisor
from bot.advice.baseline import changes, load_run, render_changes
from bot.advice.evaluation import Answer, load_cases
from tests.paths import DATA

SAVED = DATA / "answers.jsonl"
KEPT_APART = ("questions-real-frozen.tsv", *(p.name for p in DATA.glob("questions-blind-*.tsv")))


def test_the_saved_answers_hold_no_frozen_or_kept_back_question() -> None:
    saved = load_run(SAVED)
    assert len(saved) >= 1500
    assert len(KEPT_APART) >= 4
    for name in KEPT_APART:
        kept = {case.question for case in load_cases(DATA / name)}
        assert not kept & set(saved), name


def test_every_saved_answer_is_still_given(advisor: Advisor) -> None:
    saved = load_run(SAVED)
    answers = [
        Answer(question, advice.verdict, advice.rule_id)
        for question in saved
        for advice in (advisor.advise(question),)
    ]
    moved = changes(saved, answers)
    assert not moved, (
        render_changes(moved, len(answers))
        + "\nCheck each change; if it is what the edit meant, run `make answers`."
    )
