"""`afterview rules check` validates rules/review/: settings, citations, and the drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli import main
from tests import paths


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_review_rules_pass_and_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert "10 review checks, 10 drafts that pass them" in capsys.readouterr().out


def test_a_setting_regex_that_does_not_compile_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = paths.copy_rules(tmp_path)
    _edit(rules / "review" / "content.yaml", "template_phrases: [", "template_phrases: ['(oops', ")
    assert main(["rules", "check", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "content.yaml: check generic: settings: template_phrases: regex '(oops'" in err


def test_an_unknown_setting_and_bad_bounds_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = paths.copy_rules(tmp_path)
    content = rules / "review" / "content.yaml"
    _edit(content, "      max_word: 24", "      max_wrod: 24")
    _edit(content, "thank-you: [25, 250]", "thank-you: [250, 25]")
    assert main(["rules", "check", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "check spelling: settings: max_wrod: unknown setting" in err
    assert "check length: settings: words: thank-you: must be [fewest, most]" in err


def test_a_check_citing_no_rule_of_the_rulebook_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = paths.copy_rules(tmp_path)
    _edit(rules / "review" / "tone.yaml", "rule: boundaries.romance", "rule: boundaries.nope")
    assert main(["rules", "check", str(rules)]) == 1
    assert "'boundaries.nope' is not a rule of the rulebook" in capsys.readouterr().err


def test_a_draft_the_reviewer_faults_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = paths.copy_rules(tmp_path)
    _edit(
        rules / "review" / "drafts.yaml",
        "Could you tell me whether there is an update on your timeline?",
        "I need an answer by Friday.",
    )
    assert main(["rules", "check", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "draft follow-up: the reviewer finds pressure in" in err
    assert "draft thank-you" not in err
