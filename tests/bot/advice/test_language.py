"""The language files: shipped ones load, and a mistake is a precise RulebookError."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.advice.language import english, language_dir, load_language
from bot.advice.question import split_words, stem
from bot.rulefiles import RulebookError
from tests import paths


def test_the_shipped_language_reads_questions_as_before() -> None:
    language = english()
    assert language.shorthand["thx"] == ("thanks",)
    assert "no" in language.negators
    assert language.irregular["yes"] == "yes"
    assert ("do", "i", "have", "to") in language.obligation_frames
    assert "weather" in language.common_words
    assert split_words("thx 4 the gr8 chat, won't I?").words == (
        "thanks",
        "for",
        "the",
        "great",
        "chat",
        "will",
        "not",
        "i",
    )
    assert stem("sent") == "send"


def test_the_language_ships_in_the_rules_package() -> None:
    assert language_dir() == paths.RULES / "language"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "language"
    shutil.copytree(language_dir(), target)
    return target


def test_an_unquoted_yaml_boolean_is_named(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    english_file = directory / "english.yaml"
    text = english_file.read_text(encoding="utf-8").replace('"no", nor', "no, nor")
    english_file.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_language(directory)
    assert caught.value.problems == [
        "english.yaml: field negators: False is not one lowercase word (quote it)"
    ]


def test_bad_patterns_unknown_and_missing_fields_are_all_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    english_file = directory / "english.yaml"
    text = english_file.read_text(encoding="utf-8")
    text = text.replace("  - ['\\bcannot\\b', 'can not']", "  - ['(cannot', 'can not']")
    text = text.replace("asks_how:", "asks_who:")
    english_file.write_text(text, encoding="utf-8")
    (directory / "common-words.yaml").write_text("common_words: Hello there\n", encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_language(directory)
    problems = caught.value.problems
    assert problems[0].startswith(
        "english.yaml: field contractions #3: pattern '(cannot' is not a regular expression"
    )
    assert "english.yaml: field asks_how: missing" in problems
    assert "common-words.yaml: field common_words: not lowercase words: Hello" in problems
    assert "english.yaml: field asks_who: unknown field" in problems


def test_an_employer_marker_must_be_two_words(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    english_file = directory / "english.yaml"
    text = english_file.read_text(encoding="utf-8").replace("job at,", "job offer at,", 1)
    english_file.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_language(directory)
    assert caught.value.problems == [
        "english.yaml: field employer_markers: 'job offer at' is not two words"
    ]
    assert ("interviewed", "at") in english().employer_markers


def test_unreadable_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "english.yaml").write_text("negators: [not\n", encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_language(directory)
    assert caught.value.problems[0].startswith("english.yaml: not valid YAML: line ")


def test_spans_of_time_read_their_numbers_from_the_language(tmp_path: Path) -> None:
    language = english()
    assert language.number_words["couple"] == 2.0
    assert language.time_units["weeks"] == 7.0
    assert "hear" in language.answer_words
    directory = _copy(tmp_path)
    english_file = directory / "english.yaml"
    text = english_file.read_text(encoding="utf-8").replace("couple: 2,", "couple: two,")
    english_file.write_text(text.replace("wk: 7,", "wk: 0,"), encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_language(directory)
    assert caught.value.problems == [
        "english.yaml: field number_words.couple: 'two' is not a positive number",
        "english.yaml: field time_units.wk: 0 is not a positive number",
    ]
