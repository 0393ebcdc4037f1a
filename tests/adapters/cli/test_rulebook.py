"""`afterview rules check` and `eval`: checking a rulebook, measuring the advisor, baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main
from tests import paths


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


GREEDY_RULE = """
  - id: gifts.any_thanks
    verdict: ok
    title: Any thank-you at all
    why: Thanks are always welcome.
    instead: Say thanks.
    source: general
    priority: 9
    match:
      all: [thanks]
    examples:
      - can I say thanks?
"""


def test_rules_check_accepts_the_shipped_rulebook(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_rules_check_reports_a_bad_rulebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "advice").mkdir()
    (tmp_path / "advice" / "broken.yaml").write_text("rules: [\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert "broken.yaml" in capsys.readouterr().err


def test_eval_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    data = paths.DATA / "questions-dev.tsv"
    assert main(["eval", str(data)]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out
    assert "Confusion" in out


def test_eval_exits_0_on_missed_targets_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run that works exits 0 and says which targets it missed; --strict makes that fail."""
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("is it okay to send flowers to the interviewer?\tok\n", encoding="utf-8")
    assert main(["eval", str(wrong)]) == 0
    assert "TARGETS MISSED" in capsys.readouterr().out
    assert main(["eval", "--strict", str(wrong)]) == 1


def test_eval_of_a_malformed_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("question\texpected\nshould I call?\tmaybe\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "bad.tsv" in capsys.readouterr().err
    assert main(["eval", str(tmp_path / "missing.tsv")]) == 2


def test_rules_check_fails_a_rule_whose_examples_now_route_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = paths.copy_rules(tmp_path)
    gifts = rules / "advice" / "gifts.yaml"
    gifts.write_text(gifts.read_text(encoding="utf-8") + GREEDY_RULE, encoding="utf-8")
    assert main(["rules", "check", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "field examples:" in err
    assert "is decided by gifts.any_thanks (ok)" in err
    assert "rule gifts.any_thanks:" not in err


def test_eval_save_and_baseline_list_what_an_edit_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = tmp_path / "q.tsv"
    questions.write_text(
        "question\texpected\n"
        "is it okay to send a thank-you email after the interview?\tok\n"
        "should I send flowers to the interviewer?\tavoid\n",
        encoding="utf-8",
    )
    run = tmp_path / "before.jsonl"
    main(["eval", str(questions), "--save", str(run)])
    saved = _json_lines(run.read_text(encoding="utf-8"))
    assert [r["verdict"] for r in saved] == ["ok", "avoid"]
    assert set(saved[0]) == {"question", "verdict", "rule"}
    capsys.readouterr()

    rules = paths.copy_rules(tmp_path)
    gifts = rules / "advice" / "gifts.yaml"
    gifts.write_text(gifts.read_text(encoding="utf-8") + GREEDY_RULE, encoding="utf-8")
    monkeypatch.setenv("AFTERVIEW_RULES", str(rules))
    main(["eval", str(questions), "--baseline", str(run), "--no-misses"])
    out = capsys.readouterr().out
    assert "Against the baseline: " in out
    moved = [line for line in out.splitlines() if "-> gifts.any_thanks" in line]
    assert moved, out
    assert "Misses" not in out


def test_eval_accepts_an_ask_batch_run_as_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.tsv"
    questions.write_text("should I send flowers to the interviewer?\tavoid\n", encoding="utf-8")
    batch = tmp_path / "q.txt"
    batch.write_text("should I send flowers to the interviewer?\n", encoding="utf-8")
    main(["ask", "--json", "--batch", str(batch)])
    run = tmp_path / "run.jsonl"
    run.write_text(capsys.readouterr().out, encoding="utf-8")
    main(["eval", str(questions), "--baseline", str(run)])
    assert "Against the baseline: 0 of 1 verdicts changed" in capsys.readouterr().out


def test_eval_of_a_malformed_baseline_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.tsv"
    questions.write_text("should I call?\tcaution\n", encoding="utf-8")
    run = tmp_path / "run.jsonl"
    run.write_text('{"question": "x"}\n', encoding="utf-8")
    assert main(["eval", str(questions), "--baseline", str(run)]) == 2
    assert "run.jsonl:1: expected a JSON object" in capsys.readouterr().err
