"""The rulebook loader: the shipped rules load, and every kind of mistake is reported precisely."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot import rulefiles as rule_errors
from bot.advice.rulebook_file import RulebookError, default_rules_dir, load_rulebook
from bot.advice.rules import Rulebook
from bot.config import Settings
from bot.core.messages import Verdict
from tests import paths

DATA = paths.DATA / "rulebooks"

SOURCES = """
sources:
  house:
    citation: House style guide
"""

GOOD_RULE = """
  - id: snacks.cake
    verdict: caution
    title: Cake
    why: Not everyone eats cake.
    instead: Ask first.
    source: house
    match:
      all: [cake]
"""


def write_book(root: Path, advice: str, sources: str = SOURCES, name: str = "snacks") -> Path:
    (root / "advice").mkdir(parents=True, exist_ok=True)
    (root / "sources.yaml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (root / "advice" / f"{name}.yaml").write_text(textwrap.dedent(advice), encoding="utf-8")
    return root


def problems_for(root: Path) -> list[str]:
    with pytest.raises(RulebookError) as caught:
        load_rulebook(root)
    return caught.value.problems


def book_with_rule(tmp_path: Path, rule: str, concepts: str = "  cake: [cake]\n") -> Path:
    return write_book(tmp_path, "topic: snacks\nconcepts:\n" + concepts + "rules:\n" + rule)


# -- the shipped rulebook -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Rulebook:
    return load_rulebook()


def test_shipped_rulebook_loads_with_rules_in_every_verdict(shipped: Rulebook) -> None:
    verdicts = {rule.verdict for rule in shipped.rules}
    assert verdicts == set(Verdict)
    assert len(shipped.rules) >= 60


def test_shipped_rules_have_unique_ids_titles_and_reasons(shipped: Rulebook) -> None:
    ids = [rule.id for rule in shipped.rules]
    assert len(ids) == len(set(ids))
    for rule in shipped.rules:
        assert rule.title.strip(), rule.id
        assert rule.why.strip(), rule.id
        if rule.verdict is not Verdict.OUT_OF_SCOPE:
            assert rule.instead.strip(), rule.id


def test_shipped_rules_cite_known_sources(shipped: Rulebook) -> None:
    assert {"protech", "never_do", "general"} <= set(shipped.sources)
    tip10 = shipped.rule("social.linkedin_connect")
    assert shipped.citation(tip10) == (
        "PROTECH, “10 Things You Should NEVER Do After an Interview”, tip #10"
    )


def test_every_protech_tip_and_every_never_do_heading_has_a_rule(shipped: Rulebook) -> None:
    protech_tips = {
        rule.cite for rule in shipped.rules if rule.sources[0] == "protech" and rule.cite
    }
    for tip in range(1, 11):
        assert f"tip #{tip}" in protech_tips
    assert any(rule.id == "gifts.send" and "protech" in rule.sources for rule in shipped.rules)
    never_do = {rule.id for rule in shipped.rules if "never_do" in rule.sources}
    # Poorly written or generic follow-ups, quitting early, hateful replies, never stop.
    assert {
        "thanks.generic",
        "current_job.resign_timing",
        "rejection.angry_reply",
        "job_search.stop",
    } <= never_do


def test_every_shipped_concept_is_used_by_a_rule(shipped: Rulebook) -> None:
    used: set[str] = set()
    for rule in shipped.rules:
        used |= rule.matcher.concepts()
    assert set(shipped.concepts) - used == set()


def test_citations_join_several_sources(shipped: Rulebook) -> None:
    citation = shipped.citation(shipped.rule("rejection.angry_reply"))
    assert citation.startswith(
        "PROTECH, “10 Things You Should NEVER Do After an Interview”, tip #6"
    )
    assert "“Never Do These Things After a Job Interview”" in citation


def test_shared_error_type_is_re_exported() -> None:
    assert RulebookError is rule_errors.RulebookError


# -- choosing the directory -----------------------------------------------------------------------


def test_default_dir_is_the_rules_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERVIEW_RULES", raising=False)
    directory = default_rules_dir()
    assert (directory / "advice").is_dir()
    assert (directory / "__init__.py").exists()


def test_env_override_replaces_the_shipped_rulebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_RULES", str(DATA / "tiny"))
    assert default_rules_dir() != DATA / "tiny"  # the loader reads no environment
    settings = Settings.from_env({"AFTERVIEW_RULES": str(DATA / "tiny")})
    assert settings.rules_dir == DATA / "tiny"
    book = load_rulebook(settings.rules_dir)
    assert [rule.id for rule in book.rules] == ["snacks.cake"]
    assert book.citation(book.rules[0]) == "House style guide, page 2"


# -- precise errors -------------------------------------------------------------------------------


def test_broken_fixture_lists_every_problem_with_file_rule_and_field() -> None:
    problems = problems_for(DATA / "broken")
    assert (
        "advice/a.yaml: rule broken.verdict: field verdict: 'maybe' is not one of" in (problems[0])
    )
    assert "advice/a.yaml: rule broken.empty_why: field why: is empty" in problems
    assert any(
        p.startswith("advice/b.yaml: rule broken.verdict: field source: unknown source key")
        for p in problems
    )
    assert "advice/b.yaml: rule broken.verdict: field match.all: unknown concept 'pie'" in (
        problems
    )
    assert (
        "advice/b.yaml: rule broken.verdict: field id: duplicate of the rule in advice/a.yaml"
        in problems
    )


def test_message_lists_each_problem(tmp_path: Path) -> None:
    root = book_with_rule(tmp_path, GOOD_RULE.replace("verdict: caution", "verdict: perhaps"))
    with pytest.raises(RulebookError) as caught:
        load_rulebook(root)
    message = str(caught.value)
    assert message.startswith("1 problem in the rulebook:")
    assert "advice/snacks.yaml: rule snacks.cake: field verdict: 'perhaps' is not one of" in message


def test_missing_field(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("    instead: Ask first.\n", "")
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field instead: missing"
    ]


def test_unknown_field(tmp_path: Path) -> None:
    rule = GOOD_RULE + "    colour: blue\n"
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field colour: unknown field"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("title: Cake", "title: [Cake]")
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field title: must be text, not a list"
    ]


def test_priority_must_be_a_number(tmp_path: Path) -> None:
    rule = GOOD_RULE + "    priority: high\n"
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field priority: must be a whole number, not text"
    ]


def test_empty_instead_is_allowed_only_for_out_of_scope(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("instead: Ask first.", 'instead: ""')
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field instead: is empty"
    ]
    scope = rule.replace("verdict: caution", "verdict: out_of_scope")
    book = load_rulebook(book_with_rule(tmp_path, scope))
    assert book.rules[0].instead == ""


def test_unknown_source_key(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("source: house", "source: [house, gossip]")
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field source: unknown source key 'gossip' "
        "(known: house)"
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = book_with_rule(tmp_path, GOOD_RULE)
    write_book(root, "topic: more\nrules:\n" + GOOD_RULE, name="more")
    assert problems_for(root) == [
        "advice/snacks.yaml: rule snacks.cake: field id: duplicate of the rule in advice/more.yaml"
    ]


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("'ca-ke'", "word 'ca-ke' may hold only letters and digits, with an optional final *"),
        ("'ca*ke'", "word 'ca*ke' may hold only letters and digits, with an optional final *"),
        ("'ab*'", "prefix 'ab*' is too short (3 letters at least)"),
        ("'  '", "is empty"),
        ("'... cake'", "a gap (...) must sit between words"),
    ],
)
def test_bad_matcher_patterns(tmp_path: Path, phrase: str, problem: str) -> None:
    concepts = f"  cake: [cake, {phrase}]\n"
    problems = problems_for(book_with_rule(tmp_path, GOOD_RULE, concepts))
    assert problems == [
        f"advice/snacks.yaml: concept cake: bad pattern {phrase.strip(chr(39))!r}: {problem}"
    ]


def test_matcher_needs_a_requirement(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("      all: [cake]\n", "      boost: [cake]\n")
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field match: needs at least one required group "
        "(all, any or negated)"
    ]


def test_matcher_unknown_key_and_bad_at_least(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace(
        "      all: [cake]\n", "      all: [{at_least: 3, of: [cake]}]\n      maybe: [cake]\n"
    )
    problems = problems_for(book_with_rule(tmp_path, rule))
    assert problems == [
        "advice/snacks.yaml: rule snacks.cake: field match.maybe: unknown field "
        "(use all, any, none, negated, boost)",
        "advice/snacks.yaml: rule snacks.cake: field match.all.at_least: must be between 1 and 1",
    ]


def test_same_clause_must_be_a_flag(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace(
        "      all: [cake]\n", "      all: [{at_least: 1, of: [cake], same_clause: maybe}]\n"
    )
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field match.all.same_clause: must be true or false"
    ]


def test_mentions_must_be_a_whole_number(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("      all: [cake]\n", "      all: [{of: [cake], mentions: many}]\n")
    assert problems_for(book_with_rule(tmp_path, rule)) == [
        "advice/snacks.yaml: rule snacks.cake: field match.all.mentions: must be a whole number"
    ]


def test_senses_name_a_known_concept_with_good_phrases(tmp_path: Path) -> None:
    advice = (
        "topic: snacks\nsenses:\n  cake: [piece of cake, '']\n  pie: [pie chart]\n"
        "concepts:\n  cake: [cake]\nrules:\n" + GOOD_RULE
    )
    problems = problems_for(write_book(tmp_path, advice))
    assert problems[-1] == "advice/snacks.yaml: field senses: 'pie' is not a concept"
    assert problems[0].startswith("advice/snacks.yaml: field senses: cake: bad pattern ''")
    good = "topic: snacks\nsenses:\n  cake: [piece of cake]\nconcepts:\n  cake: [cake]\nrules:\n"
    book = load_rulebook(write_book(tmp_path / "good", good + GOOD_RULE))
    assert book.senses == {"cake": ("piece of cake",)}


def test_invalid_yaml_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    root = write_book(tmp_path, "rules: [\n  - id: x\n")
    problems = problems_for(root)
    assert len(problems) == 1
    assert problems[0].startswith("advice/snacks.yaml: not valid YAML: line ")


def test_yaml_tags_are_refused_by_the_safe_loader(tmp_path: Path) -> None:
    root = write_book(tmp_path, "rules: !!python/object/apply:os.system ['true']\n")
    assert problems_for(root)[0].startswith("advice/snacks.yaml: not valid YAML")


def test_empty_file_and_wrong_shape(tmp_path: Path) -> None:
    root = write_book(tmp_path, "")
    write_book(root, "- just\n- a list\n", name="list")
    assert problems_for(root) == [
        "advice/list.yaml: must be a mapping with topic, concepts and rules",
        "advice/snacks.yaml: file is empty",
    ]


def test_duplicate_concepts_and_missing_topic(tmp_path: Path) -> None:
    root = book_with_rule(tmp_path, GOOD_RULE)
    rule = GOOD_RULE.replace("snacks.cake", "other.cake")
    write_book(root, "concepts:\n  cake: [pie]\nrules:\n" + rule, name="zzz")
    assert problems_for(root) == [
        "advice/zzz.yaml: concept cake: duplicate of the concept in advice/snacks.yaml",
        "advice/zzz.yaml: rule other.cake: field topic: missing (set it on the rule or the "
        "file) or not a lowercase name",
    ]


def test_missing_directory_and_no_advice(tmp_path: Path) -> None:
    assert problems_for(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: rules directory not found"
    ]
    (tmp_path / "empty").mkdir()
    assert problems_for(tmp_path / "empty") == ["advice: no advice files (*.yaml) found"]


def test_bad_sources_file(tmp_path: Path) -> None:
    sources = "sources:\n  house: {}\n  Bad-Key: {citation: x}\n"
    root = write_book(tmp_path, "topic: snacks\nconcepts:\n  cake: [cake]\nrules: []\n", sources)
    assert problems_for(root) == [
        "sources.yaml: source house: field citation: missing or empty",
        "sources.yaml: source Bad-Key: key must be lowercase letters, digits, _",
    ]


def test_applies_when_is_plain_text_and_reaches_the_rule(tmp_path: Path) -> None:
    said = GOOD_RULE.replace(
        "    title: Cake\n", "    title: Cake\n    applies_when: you  bring cake\n"
    )
    rule = load_rulebook(book_with_rule(tmp_path / "good", said)).rule("snacks.cake")
    assert rule.applies_when == "you bring cake"
    wrong = GOOD_RULE.replace("    title: Cake\n", "    title: Cake\n    applies_when: [cake]\n")
    assert problems_for(book_with_rule(tmp_path / "bad", wrong)) == [
        "advice/snacks.yaml: rule snacks.cake: field applies_when: must be text: when the rule "
        "applies, in plain words"
    ]


@pytest.mark.parametrize("field", ["states", "context", "relations", "elsewhere", "trades"])
def test_a_list_of_concepts_is_gathered_from_the_files(tmp_path: Path, field: str) -> None:
    advice = f"topic: snacks\n{field}: [cake]\nconcepts:\n  cake: [cake]\nrules:\n" + GOOD_RULE
    book = load_rulebook(write_book(tmp_path, advice))
    other = "context" if field == "states" else "states"
    assert getattr(book, field) == frozenset({"cake"})
    assert getattr(book, other) == frozenset()


@pytest.mark.parametrize("field", ["states", "context", "relations", "elsewhere", "trades"])
def test_a_listed_concept_must_be_known(tmp_path: Path, field: str) -> None:
    advice = f"topic: snacks\n{field}: [pie]\nconcepts:\n  cake: [cake]\nrules:\n" + GOOD_RULE
    assert problems_for(write_book(tmp_path, advice)) == [
        f"advice/snacks.yaml: field {field}: 'pie' is not a concept"
    ]


@pytest.mark.parametrize("field", ["states", "context", "relations", "elsewhere", "trades"])
def test_a_concept_list_must_be_a_list_of_names(tmp_path: Path, field: str) -> None:
    advice = f"topic: snacks\n{field}: cake\nconcepts:\n  cake: [cake]\nrules:\n" + GOOD_RULE
    assert problems_for(write_book(tmp_path, advice)) == [
        f"advice/snacks.yaml: field {field}: must be a list of concept names"
    ]
