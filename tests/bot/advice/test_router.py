"""The learned router: nearest labelled examples, stance features, and its data file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.advice.advisor import Advisor
from bot.advice.evaluation import load_cases
from bot.advice.router import (
    OUT_OF_SCOPE_LABEL,
    ROUTES_FILE,
    Router,
    basic_features,
    load_routes,
)
from bot.rulefiles import RulebookError
from tests import paths


def words(question: str) -> list[str]:
    return basic_features(question.lower().replace("?", "").split())


EXAMPLES = [
    ("should I send a thank you email", "thanks.send"),
    ("can I email a thank you note tonight", "thanks.send"),
    ("can I send flowers to the interviewer", "gifts.send"),
    ("is a gift basket for the recruiter okay", "gifts.send"),
    ("what is the weather tomorrow", OUT_OF_SCOPE_LABEL),
]


def test_a_question_goes_to_the_label_of_its_nearest_examples() -> None:
    router = Router(EXAMPLES, words)
    route = router.route("may I send the interviewer some flowers")
    assert route is not None
    assert route.label == "gifts.send"
    assert route.runner_up is not None
    assert route.margin > 0
    thanks = router.route("should I email a thank you")
    assert thanks is not None
    assert thanks.label == "thanks.send"


@pytest.mark.parametrize(
    "question",
    [
        "may I send the interviewer some flowers",
        "should I email a thank you",
        "a thank you basket of flowers by email",
        "weather for the interview tomorrow",
    ],
)
def test_a_label_scores_the_mean_of_its_two_nearest_examples(question: str) -> None:
    router = Router(EXAMPLES, words)
    per_label: dict[str, list[float]] = {}
    for index, value in router.similarities(question).items():
        per_label.setdefault(router.labels[index], []).append(value)
    expected = sorted(
        ((sum(sorted(v, reverse=True)[:2]) / 2, label) for label, v in per_label.items()),
        reverse=True,
    )
    route = router.route(question)
    assert route is not None
    assert (route.score, route.label) == pytest.approx(expected[0])
    if len(expected) == 1:
        assert route.runner_up is None
    else:
        assert (route.runner_up_score, route.runner_up) == pytest.approx(expected[1])


def test_nothing_in_common_is_no_route() -> None:
    assert Router(EXAMPLES, words).route("zzzz qqqq") is None


def test_concepts_carry_the_stance() -> None:
    """Same words, opposite stance: the negated concept decides."""

    def with_stance(question: str) -> list[str]:
        negated = "not" in question.split()
        return basic_features(question.split(), [("thanks", negated)])

    router = Router(
        [("send thanks", "thanks.send"), ("not send thanks", "thanks.skip")], with_stance
    )
    route = router.route("should i not send thanks")
    assert route is not None
    assert route.label == "thanks.skip"


def test_routes_file_is_read_and_checked(tmp_path: Path) -> None:
    (tmp_path / ROUTES_FILE).write_text(
        "# comment\ncan I text a thank-you?\tthanks.by_text\nweather?\tout_of_scope\n",
        encoding="utf-8",
    )
    assert load_routes(tmp_path, {"thanks.by_text"}) == [
        ("can I text a thank-you?", "thanks.by_text"),
        ("weather?", OUT_OF_SCOPE_LABEL),
    ]
    (tmp_path / ROUTES_FILE).write_text("a question\tno.such_rule\nno label\n", encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_routes(tmp_path, {"thanks.by_text"})
    assert caught.value.problems == [
        "routes.tsv:1: 'no.such_rule' is not a rule id",
        "routes.tsv:2: expected question<TAB>rule id",
    ]
    assert load_routes(tmp_path / "absent", set()) == []


def test_shipped_routes_name_known_rules_and_hold_no_real_question(advisor: Advisor) -> None:
    routes = load_routes(paths.RULES, advisor.rulebook.by_id)
    assert len(routes) > 1000
    real = {
        c.question
        for name in ("questions-dev.tsv", "questions-real-2.tsv")
        for c in load_cases(paths.DATA / name)
    }
    assert not real & {question for question, _ in routes}


def test_an_added_example_teaches_the_advisor_at_once(tmp_path: Path) -> None:
    """A question the phrases find no rule for is answered once a labelled example is near."""
    question = "is it alright to write the hiring manager a letter of appreciation"
    rules = tmp_path / "rules"
    shutil.copytree(paths.RULES, rules)
    before = Advisor.from_dir(rules)
    assert before.explain(question).winner is None
    with (rules / ROUTES_FILE).open("a", encoding="utf-8") as routes:
        routes.write(
            "may I write my interviewer a letter of appreciation afterwards\tthanks.send\n"
        )
    advice = Advisor.from_dir(rules).advise(question)
    assert advice.rule_id == "thanks.send"
    assert advice.why == before.rulebook.rule("thanks.send").why
