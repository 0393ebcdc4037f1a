"""Evaluation: reading question files, the metrics, the report, and the shipped targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advice.advisor import Advisor
from bot.advice.evaluation import (
    REAL_TARGETS,
    WRITTEN_TARGETS,
    Case,
    CasesError,
    Report,
    evaluate,
    load_cases,
    parse_cases,
    targets_for,
)
from bot.core.messages import Advice, Verdict
from tests import paths

DATA = paths.DATA
FLOOR_UNSEEN_3 = 0.87
FLOOR_UNSEEN_4 = 0.86
FLOOR_UNSEEN_5 = 0.80
FLOOR_BLIND_5 = 0.58  # 58.8% after the twelfth round (55.3% after the tenth); nothing chosen on it
FLOOR_UNSEEN_6 = 0.67
FLOOR_BLIND_6 = 0.67
FLOOR_UNSEEN_7 = 0.70
FLOOR_BLIND_7 = 0.65  # 63.3% after the twentieth round, 65.8% after the twenty-eighth
FLOOR_UNSEEN_8 = 0.73
FLOOR_BLIND_8 = 0.59  # 59% after the insurance fix of 4 December
FLOOR_UNSEEN_9 = 0.81
FLOOR_BLIND_9 = 0.63  # 62.5% after the twenty-first round, 63.7% after the 29th
FLOOR_UNSEEN_10 = 0.79
FLOOR_BLIND_10 = 0.59  # 58% after the insurance fix, 60% after the 27th, 59% after the 29th
FLOOR_UNSEEN_11 = 0.66
FLOOR_BLIND_11 = 0.63  # 65% until the 21st round, 63% after the everyday words and the 32nd
FLOOR_UNSEEN_12 = 0.80
FLOOR_BLIND_12 = 0.62  # 60% after rounds 11 and 13, 59% after the 16th, 62% after the 27th
FLOOR_UNSEEN_13 = 0.72
FLOOR_BLIND_13 = 0.67  # 64% after the sixteenth round only, 67% after the twenty-ninth
FLOOR_UNSEEN_14 = 0.73  # 59% untouched when split (seed 20261209), 75% before the 21st round
FLOOR_BLIND_14 = 0.59  # 58% untouched, 57% after the twelfth round, 59% after the 28th
FLOOR_UNSEEN_15 = 0.48  # 44% untouched when split (seed 20261210)
FLOOR_BLIND_15 = 0.60  # 59% untouched, 61% after the everyday words, 60% after the 30th round
FLOOR_UNSEEN_16 = 0.70  # 64% untouched when split (seed 20261211)
FLOOR_BLIND_16 = 0.71  # untouched when split; nothing chosen on it
FLOOR_UNSEEN_17 = 0.74  # 58% untouched when split (seed 20261212)
FLOOR_BLIND_17 = 0.69  # 65% untouched when split, 69% after the twenty-ninth round
FLOOR_UNSEEN_18 = 0.70  # 57% untouched when split (seed 20261213)
FLOOR_BLIND_18 = 0.62  # 59% untouched when split, 62% after the twenty-ninth round
FLOOR_UNSEEN_19 = 0.78  # 72.7% untouched when split (seed 20261214), 78.8% after the 28th round
FLOOR_BLIND_19 = 0.82  # 80% untouched when split (77% at 4 December's rules), 82% after
FLOOR_UNSEEN_20 = 0.82  # 75% untouched when split (seed 20261215), 82% after the 30th round
FLOOR_BLIND_20 = 0.62  # 61% untouched when split (and at 4 December's rules), 62% after 362c2c2
FLOOR_PROBES = 0.89  # 83.6% and 18 critical flips before 7 December (311), 89.7% and none (378)


class TableAdvisor:
    """Answers from a fixed table, so the arithmetic of the report can be checked exactly."""

    def __init__(self, answers: dict[str, Verdict]) -> None:
        self.answers = answers

    def advise(self, question: str) -> Advice:
        verdict = self.answers[question]
        rule = None if verdict is Verdict.OUT_OF_SCOPE else f"rule.{verdict.value}"
        return Advice(question, verdict, rule, "why", "instead", 0.5)


# -- reading files --------------------------------------------------------------------------------


def test_load_cases_reads_columns_and_skips_header_comments_and_blanks() -> None:
    cases = load_cases(DATA / "eval-fixture.tsv")
    assert [c.expected for c in cases] == [
        Verdict.AVOID,
        Verdict.OK,
        Verdict.OUT_OF_SCOPE,
        Verdict.OK,
    ]
    first = cases[0]
    assert first.question == "should I send flowers to the interviewer?"
    assert first.source_url == "https://example.org/flowers"
    assert first.note == "gifts"
    assert first.line == 3
    assert cases[2].source_url == ""
    assert cases[2].note == ""


def test_both_shipped_question_files_load() -> None:
    dev = load_cases(DATA / "questions-dev.tsv")
    extra = load_cases(DATA / "questions-extra.tsv")
    assert len(dev) == 107
    assert len(extra) >= 40
    assert not {c.question for c in dev} & {c.question for c in extra}


def test_quotes_inside_questions_are_kept() -> None:
    [case] = parse_cases(["can I write 'thx' or \"ty\"?\tavoid"])
    assert case.question == "can I write 'thx' or \"ty\"?"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("just a question", "t.tsv:1: expected question<TAB>expected verdict"),
        ("a question\tmaybe", "t.tsv:1: expected verdict 'maybe' is not one of"),
        ("  \tok", "t.tsv:1: the question is empty"),
    ],
)
def test_malformed_lines_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(CasesError) as caught:
        parse_cases([line], "t.tsv")
    assert str(caught.value).startswith(message)


def test_missing_file_is_a_cases_error(tmp_path: Path) -> None:
    with pytest.raises(CasesError, match="cannot be read"):
        load_cases(tmp_path / "absent.tsv")


# -- metrics --------------------------------------------------------------------------------------


def test_metrics_on_the_fixture_with_the_real_advisor(advisor: Advisor) -> None:
    report = evaluate(advisor, load_cases(DATA / "eval-fixture.tsv"), "fixture")
    assert (report.total, report.correct) == (4, 2)
    assert report.accuracy == 0.5
    assert report.out_of_scope_recall == 1.0
    assert report.critical_errors == 1
    assert report.critical_error_rate == 0.25
    assert report.confusion[Verdict.OK][Verdict.CAUTION] == 1
    assert report.confusion[Verdict.OK][Verdict.AVOID] == 1
    assert [m.case.line for m in report.misses] == [4, 7]
    assert report.misses[1].critical
    assert not report.misses[0].critical
    assert not report.meets_targets()


def test_critical_errors_are_ok_versus_avoid_only() -> None:
    cases = [
        Case("a", Verdict.AVOID),
        Case("b", Verdict.OK),
        Case("c", Verdict.CAUTION),
        Case("d", Verdict.OUT_OF_SCOPE),
    ]
    answers = {
        "a": Verdict.OK,
        "b": Verdict.AVOID,
        "c": Verdict.AVOID,
        "d": Verdict.OK,
    }
    report = evaluate(TableAdvisor(answers), cases)
    assert report.critical_errors == 2
    assert report.out_of_scope_recall == 0.0
    assert report.accuracy == 0.0


def test_targets_are_checked_at_their_limits() -> None:
    cases = [Case(f"q{i}", Verdict.AVOID) for i in range(100)]
    answers = {f"q{i}": Verdict.AVOID for i in range(100)}
    for i in range(12):
        answers[f"q{i}"] = Verdict.CAUTION
    report = evaluate(TableAdvisor(answers), cases)
    assert report.accuracy == 0.88
    assert report.out_of_scope_recall is None
    assert report.meets_targets()
    for i in range(12, 16):
        answers[f"q{i}"] = Verdict.OK
    worse = evaluate(TableAdvisor(answers), cases)
    assert worse.critical_error_rate == 0.04
    assert not worse.meets_targets()


def test_empty_case_list_never_meets_targets() -> None:
    report = evaluate(TableAdvisor({}), [])
    assert report.total == 0
    assert not report.meets_targets()
    assert report.render() == "No questions to evaluate."


# -- the rendered report --------------------------------------------------------------------------


def test_render_shows_summary_confusion_and_misses(advisor: Advisor) -> None:
    report = evaluate(advisor, load_cases(DATA / "eval-fixture.tsv"), "fixture")
    text = report.render()
    assert text.startswith(
        "Evaluated 4 questions from fixture (targets for real questions): TARGETS MISSED."
    )
    assert "accuracy               50.0%  target >= 65% MISSED  (2 of 4)" in text
    assert "Confusion (rows: expected, columns: answered)" in text
    assert "Misses (2):" in text
    assert "  CRITICAL expected ok, answered avoid (current_job.resign_early, confidence " in text
    assert "should I quit my job after a great interview?" in text


def test_render_without_out_of_scope_cases_says_so() -> None:
    report = evaluate(TableAdvisor({"a": Verdict.OK}), [Case("a", Verdict.OK)])
    assert "n/a" in report.render()
    assert isinstance(report, Report)


# -- the shipped rulebook meets its targets -------------------------------------------------------


@pytest.mark.parametrize("name", ["questions-dev.tsv", "questions-extra.tsv"])
def test_shipped_rulebook_meets_targets(advisor: Advisor, name: str) -> None:
    report = evaluate(advisor, load_cases(DATA / name), name)
    assert report.meets_targets(), report.render()
    assert report.accuracy >= 0.85
    assert report.critical_error_rate <= 0.03


def test_dev_questions_meet_the_release_bar(advisor: Advisor) -> None:
    """A regression floor, not a target: half of these questions are in the frozen part of the
    real split, so nothing is tuned to them; answers given with doubt ("it depends") on long
    questions cost a little accuracy here and are never critical."""
    report = evaluate(advisor, load_cases(DATA / "questions-dev.tsv"), "questions-dev.tsv")
    figures = report.render(misses=False)  # the frozen half's wording stays out of sight
    accuracy, critical = report.accuracy, report.critical_errors
    recall = report.out_of_scope_recall
    assert accuracy >= 0.90, figures
    assert recall is not None
    assert recall >= 0.90, figures
    assert critical == 0, figures


@pytest.mark.parametrize("name", ["questions-unseen.tsv", "questions-unseen-2.tsv"])
def test_shipped_rulebook_meets_targets_on_unseen_questions(advisor: Advisor, name: str) -> None:
    """Questions written and labelled before the advisor answered them: a check that the
    rulebook generalises beyond the wording of its own examples."""
    cases = load_cases(DATA / name)
    assert len(cases) >= 60
    report = evaluate(advisor, cases, name)
    assert report.meets_targets(), report.render()
    assert report.accuracy >= 0.90, report.render()
    assert report.critical_error_rate <= 0.01, report.render()


KEPT_BACK_FLOORS = {
    5: (FLOOR_BLIND_5, 6),
    6: (FLOOR_BLIND_6, 3),
    7: (FLOOR_BLIND_7, 4),
    8: (FLOOR_BLIND_8, 5),
    9: (FLOOR_BLIND_9, 1),
    10: (FLOOR_BLIND_10, 8),
    11: (FLOOR_BLIND_11, 3),
    12: (FLOOR_BLIND_12, 6),
    13: (FLOOR_BLIND_13, 4),
    14: (FLOOR_BLIND_14, 3),
    15: (FLOOR_BLIND_15, 0),
    16: (FLOOR_BLIND_16, 4),
    17: (FLOOR_BLIND_17, 2),
    18: (FLOOR_BLIND_18, 5),
    19: (FLOOR_BLIND_19, 2),
    20: (FLOOR_BLIND_20, 4),
}
"""Per batch, the kept-back half's accuracy floor and most critical flips (today's figures)."""
BLIND_HALVES = [(f"questions-unseen-{n}.tsv", f"questions-blind-{n}.tsv") for n in KEPT_BACK_FLOORS]
"""Each batch written blind of the rulebook, split once at random: a half to learn from and a
half kept back."""


def test_unseen_questions_are_new() -> None:
    known = {
        c.question
        for name in ("questions-dev.tsv", "questions-extra.tsv")
        for c in load_cases(DATA / name)
    }
    earlier = [f"questions-unseen{suffix}.tsv" for suffix in ("", "-2", "-3", "-4")]
    halves = [name for pair in BLIND_HALVES for name in pair]
    for name in earlier + halves:
        assert not {c.question for c in load_cases(DATA / name)} & known, name


@pytest.mark.parametrize(("learnt_name", "blind_name"), BLIND_HALVES)
def test_the_blind_half_is_kept_apart_from_what_the_router_learns(
    learnt_name: str, blind_name: str
) -> None:
    """A blind half measures whether fixes made on its other half carry over: none of its
    questions may be among the router's labelled examples or the other half."""
    routes = (paths.RULES / "routes.tsv").read_text(encoding="utf-8")
    blind = [c.question for c in load_cases(DATA / blind_name)]
    learnt = {c.question for c in load_cases(DATA / learnt_name)}
    assert len(blind) >= 80
    assert not set(blind) & learnt
    assert not [q for q in blind if q in routes]


def test_the_first_sight_record_holds_whole_learning_halves_only() -> None:
    """`tests/data/first-sight.tsv` (`bench/first_sight.py`): each recorded batch is a learning
    half, every one of its questions once, in order, so that nothing learnt from the record has
    seen a kept-back half."""
    import runpy

    record = runpy.run_path(str(paths.ROOT / "bench" / "first_sight.py"))
    rows = record["read_record"](DATA / "first-sight.tsv")
    batches = dict.fromkeys(row["batch"] for row in rows)
    assert batches
    for batch in batches:
        assert batch.startswith("unseen-"), batch
        recorded = [row["question"] for row in rows if row["batch"] == batch]
        assert recorded == [c.question for c in load_cases(DATA / f"questions-{batch}.tsv")]
    answered = {row["answered"] for row in rows}
    assert answered <= {v.value for v in Verdict}


# Later held-out batches, scored untouched first (unseen-3: 61.9%, unseen-4: 50.0%) and then
# improved only through general rulebook changes. Each gets the floor it holds today, so any
# regression shows; the 90% bar of the earlier batches is not yet met on these.
@pytest.mark.parametrize(
    ("name", "size", "floor"),
    [
        ("questions-unseen-3.tsv", 120, FLOOR_UNSEEN_3),
        ("questions-unseen-4.tsv", 50, FLOOR_UNSEEN_4),
        ("questions-unseen-5.tsv", 80, FLOOR_UNSEEN_5),
    ],
)
def test_shipped_rulebook_on_later_unseen_batches(
    advisor: Advisor, name: str, size: int, floor: float
) -> None:
    cases = load_cases(DATA / name)
    assert len(cases) >= size
    report = evaluate(advisor, cases, name)
    assert report.accuracy >= floor, report.render()
    recall = report.out_of_scope_recall
    assert recall is not None
    assert recall >= 0.90, report.render()
    assert report.critical_errors == 0, report.render()


@pytest.mark.parametrize(
    ("name", "floor", "most_critical"),
    [(f"questions-blind-{n}.tsv", floor, most) for n, (floor, most) in KEPT_BACK_FLOORS.items()],
)
def test_the_blind_half_does_not_regress(
    advisor: Advisor, name: str, floor: float, most_critical: int
) -> None:
    """Questions written blind of the rulebook and never used to choose a change: a floor at
    today's figures, so a change that makes them worse shows."""
    report = evaluate(advisor, load_cases(DATA / name), "blind")
    # Figures only: a failure must not show the kept-back questions (nor the report's repr).
    figures = report.render(misses=False)
    accuracy, critical = report.accuracy, report.critical_errors
    assert accuracy >= floor, figures
    assert critical <= most_critical, figures


def test_the_everyday_probes_hold(advisor: Advisor) -> None:
    """Everyday questions written here to probe words with two senses ("I'm resigned to
    waiting", "she has a gift for"), accents and each topic's plain wording. Two critical flips
    are known, both questions about repairing what was already done ("I already gave my
    references' names without asking them, what should I do now?" gets the avoid of doing it)."""
    report = evaluate(advisor, load_cases(DATA / "questions-probes.tsv"), "probes")
    assert report.accuracy >= FLOOR_PROBES, report.render()
    assert report.critical_errors <= 2, report.render()


def test_the_sixth_batch_learning_half_holds_its_figures(advisor: Advisor) -> None:
    """The half the third round's fixes were chosen on: 67% and no critical flip."""
    report = evaluate(advisor, load_cases(DATA / "questions-unseen-6.tsv"), "unseen-6")
    assert report.accuracy >= FLOOR_UNSEEN_6, report.render()
    assert report.critical_errors == 0, report.render()


def test_the_seventh_batch_learning_half_holds_its_figures(advisor: Advisor) -> None:
    """Pairs of questions that differ in the qualifier that decides (the fourth round's fixes
    were chosen on this half): 70.0% and no critical flip."""
    report = evaluate(advisor, load_cases(DATA / "questions-unseen-7.tsv"), "unseen-7")
    assert report.accuracy >= FLOOR_UNSEEN_7, report.render()
    assert report.critical_errors == 0, report.render()


# -- two acceptable verdicts, the lenient score, the answered rate ------------------------------


def test_two_acceptable_verdicts_are_read_and_either_counts() -> None:
    [case] = parse_cases(["may I call?\tok|caution\thttps://e.org\tnote"])
    assert case.accepted == {Verdict.OK, Verdict.CAUTION}
    report = evaluate(TableAdvisor({"may I call?": Verdict.CAUTION}), [case])
    assert report.correct == 1
    assert report.misses == ()


def test_a_second_verdict_must_be_a_verdict_too() -> None:
    with pytest.raises(CasesError, match="is not one of"):
        parse_cases(["may I call?\tok|perhaps"], "t.tsv")


def test_lenient_score_gives_half_for_a_caution_next_to_ok_or_avoid() -> None:
    cases = [
        Case("a", Verdict.OK),
        Case("b", Verdict.AVOID),
        Case("c", Verdict.CAUTION),
        Case("d", Verdict.OK),
        Case("e", Verdict.OUT_OF_SCOPE),
    ]
    answers = {
        "a": Verdict.CAUTION,
        "b": Verdict.AVOID,
        "c": Verdict.OK,
        "d": Verdict.AVOID,
        "e": Verdict.CAUTION,
    }
    report = evaluate(TableAdvisor(answers), cases)
    assert report.lenient_points == 2.0
    assert report.lenient == 0.4


def test_answered_rate_counts_in_scope_questions_that_got_a_verdict() -> None:
    cases = [Case(q, Verdict.OK) for q in "abcd"] + [Case("e", Verdict.OUT_OF_SCOPE)]
    answers = dict.fromkeys("abce", Verdict.OK) | {"d": Verdict.OUT_OF_SCOPE}
    report = evaluate(TableAdvisor(answers), cases)
    assert (report.in_scope, report.in_scope_answered) == (4, 3)
    assert report.answered_rate == 0.75
    assert not report.meets_targets()
    assert "in-scope answered      75.0%  target >= 90% MISSED  (3 of 4)" in report.render()


def test_critical_counts_against_either_accepted_verdict() -> None:
    case = Case("a", Verdict.OK, also=Verdict.CAUTION)
    report = evaluate(TableAdvisor({"a": Verdict.AVOID}), [case])
    assert report.critical_errors == 1
    assert "expected caution|ok, answered avoid" in report.render()


def test_the_figures_alone_leave_out_every_question() -> None:
    cases = [Case("is it fine to text her?", Verdict.OK), Case("b", Verdict.AVOID)]
    report = evaluate(
        TableAdvisor({"is it fine to text her?": Verdict.AVOID, "b": Verdict.AVOID}), cases
    )
    figures = report.render(misses=False)
    assert "accuracy" in figures
    assert "Confusion" in figures
    assert "text her" not in figures
    assert "text her" in report.render()


def test_the_real_questions_are_split_by_page_and_never_overlap() -> None:
    import runpy

    procedure = runpy.run_path(str(paths.ROOT / "bench" / "split_real_questions.py"))
    is_frozen, split = procedure["is_frozen"], procedure["split"]
    tune = load_cases(DATA / "questions-real-tune.tsv")
    frozen = load_cases(DATA / "questions-real-frozen.tsv")
    assert len(tune) + len(frozen) == 260
    assert not {c.source_url for c in tune} & {c.source_url for c in frozen}
    assert all(is_frozen(c.source_url) for c in frozen)
    assert not any(is_frozen(c.source_url) for c in tune)
    rows_tune, rows_frozen = split([DATA / "questions-dev.tsv", DATA / "questions-real-2.tsv"])
    assert (len(rows_tune), len(rows_frozen)) == (len(tune), len(frozen))


def test_real_questions_are_held_to_the_real_targets() -> None:
    """A file whose questions carry the page their verdict comes from is real people's: it is
    measured against the release bar for those (65% right, at most 2% critical), not the
    written sets' 85%."""
    written = [Case(f"q{i}", Verdict.OK) for i in range(10)]
    real = [Case(f"q{i}", Verdict.OK, source_url="https://example.org/q") for i in range(10)]
    answers = {f"q{i}": Verdict.OK if i < 7 else Verdict.CAUTION for i in range(10)}
    assert targets_for(written) is WRITTEN_TARGETS
    assert targets_for(real) is REAL_TARGETS
    assert not evaluate(TableAdvisor(answers), written).meets_targets()
    report = evaluate(TableAdvisor(answers), real)
    assert report.meets_targets(), report.render()
    assert "(targets for real questions)" in report.render()
    assert "target >= 65% ok" in report.render()
    assert not evaluate(TableAdvisor(answers), real, targets=WRITTEN_TARGETS).meets_targets()


# The learning halves of later batches, each at the figure it holds today, with no critical
# flip: eighth, long questions in the words of forum posts (the fifth round's fixes chosen on
# it: 64%, 53% before; 73% after the tenth round); ninth, short forum posts, a quarter near
# misses out of scope (the sixth round's: 73.8%, 57.5% before; 80.0% after the eighth); tenth,
# questions as typed to a chat bot, a fifth out of scope (the seventh round's: 73.0%, 58.0% and
# four critical flips untouched); eleventh, forum posts with a story and a qualifier that
# decides (the eighth round's: 64.0%, 47.0% and four critical flips untouched); twelfth, chat
# messages of every length, half turning on a qualifier (the ninth round's: 75.0%, 66.0% and
# four critical flips untouched); thirteenth, Q&A-site titles (the tenth round's: 70.0%, 57.0%
# and eight critical flips untouched).
@pytest.mark.parametrize(
    ("name", "floor", "most_critical"),
    [
        ("questions-unseen-8.tsv", FLOOR_UNSEEN_8, 0),
        ("questions-unseen-9.tsv", FLOOR_UNSEEN_9, 0),
        ("questions-unseen-10.tsv", FLOOR_UNSEEN_10, 0),
        ("questions-unseen-11.tsv", FLOOR_UNSEEN_11, 0),
        ("questions-unseen-12.tsv", FLOOR_UNSEEN_12, 0),
        ("questions-unseen-13.tsv", FLOOR_UNSEEN_13, 0),
        ("questions-unseen-14.tsv", FLOOR_UNSEEN_14, 0),
        ("questions-unseen-15.tsv", FLOOR_UNSEEN_15, 0),
        ("questions-unseen-16.tsv", FLOOR_UNSEEN_16, 1),
        ("questions-unseen-17.tsv", FLOOR_UNSEEN_17, 0),
        ("questions-unseen-18.tsv", FLOOR_UNSEEN_18, 0),
        ("questions-unseen-19.tsv", FLOOR_UNSEEN_19, 0),
        ("questions-unseen-20.tsv", FLOOR_UNSEEN_20, 0),
    ],
)
def test_a_later_learning_half_holds_its_figures(
    advisor: Advisor, name: str, floor: float, most_critical: int
) -> None:
    report = evaluate(advisor, load_cases(DATA / name), name)
    assert report.accuracy >= floor, report.render()
    assert report.critical_errors <= most_critical, report.render()
