"""The advisor's lookups give exactly what scanning every phrase and every rule would."""

from __future__ import annotations

from bot.advice.advisor import Advisor
from bot.advice.evaluation import load_cases
from bot.advice.lookup import concept_weights, rule_index, second_stem
from bot.advice.phrases import compile_phrase, match_phrase
from bot.advice.question import split_words, stem
from tests import paths


def test_the_second_stem_is_only_for_a_plain_second_word() -> None:
    assert second_stem(compile_phrase("thank you note")[0]) == stem("you")
    assert second_stem(compile_phrase("ask ... out")[0]) is None
    assert second_stem(compile_phrase("follow up*")[0]) is None
    assert second_stem(compile_phrase("flowers")[0]) is None


def test_every_rule_is_filed_under_concepts_it_needs(advisor: Advisor) -> None:
    by_concept, always = rule_index(advisor.rulebook)
    filed = sorted([i for rules in by_concept.values() for i in rules] + always)
    assert set(filed) == set(range(len(advisor.rulebook.rules)))
    for name, indexes in by_concept.items():
        for index in indexes:
            matcher = advisor.rulebook.rules[index].matcher
            needed = {c for g in matcher.groups for c in g.concepts} | set(matcher.negated)
            assert name in needed


def test_scoring_only_the_indexed_rules_finds_every_rule_that_applies(advisor: Advisor) -> None:
    """The index skips rules none of whose requirements was read; scoring every rule must
    give exactly the same candidates, in the same order, on every question we have."""
    cases = [
        *load_cases(paths.DATA / "questions-extra.tsv"),
        *load_cases(paths.DATA / "questions-dev.tsv"),
    ]
    for case in cases:
        reading = advisor.read(case.question)
        every = [
            (rule.id, score)
            for rule in advisor.rulebook.rules
            if (score := advisor.score(rule, reading)) is not None
        ]
        every.sort(key=lambda pair: -pair[1])
        indexed = [(c.rule.id, c.score) for c in advisor.candidates(reading)]
        assert indexed == every, case.question


def test_phrase_matching_by_index_finds_every_concept_a_full_scan_finds(
    advisor: Advisor,
) -> None:
    """Phrases are looked up by their first word, and skipped when their second differs; a
    scan of every phrase at every word must find the same concepts."""
    patterns = [
        (concept.name, compile_phrase(phrase)[0])
        for concept in advisor.rulebook.concepts.values()
        for phrase in concept.phrases
    ]
    for case in load_cases(paths.DATA / "questions-dev.tsv")[:30]:
        split = split_words(case.question)
        words = tuple(advisor.speller.correct(w) for w in split.words)
        stems = tuple(stem(w) for w in words)
        scanned = {
            name
            for name, pattern in patterns
            if pattern
            and any(
                match_phrase(pattern, words, stems, split.clauses, start) > start
                for start in range(len(words))
            )
        }
        assert set(advisor.read(case.question).hits) == scanned, case.question


def test_a_concept_many_rules_need_weighs_less(advisor: Advisor) -> None:
    weights = concept_weights(advisor.rulebook)
    uses: dict[str, int] = {}
    for rule in advisor.rulebook.rules:
        matcher = rule.matcher
        for name in {c for g in matcher.groups for c in g.concepts} | set(matcher.negated):
            uses[name] = uses.get(name, 0) + 1
    common = max(uses, key=lambda name: uses[name])
    rare = min(uses, key=lambda name: uses[name])
    assert uses[common] > uses[rare]
    assert weights[common] < weights[rare] <= 1.0
    assert all(0.5 < weight <= 1.0 for weight in weights.values())
