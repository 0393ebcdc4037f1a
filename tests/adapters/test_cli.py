"""The `afterview` command's contract, which other tools depend on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import main
from bot.core.messages import Verdict

QUESTIONS = [
    "should I send flowers to the interviewer?",
    "how do I answer 'what is your greatest weakness'?",
    "is it okay to ask for feedback after a rejection?",
]


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_ask_json_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", QUESTIONS[0]]) == 0
    (record,) = _json_lines(capsys.readouterr().out)
    assert set(record) == {"question", "verdict", "rule", "answer"}
    assert record["question"] == QUESTIONS[0]
    assert record["verdict"] == Verdict.AVOID.value
    assert isinstance(record["rule"], str)
    assert isinstance(record["answer"], str)
    assert "Why" in record["answer"]


def test_out_of_scope_has_no_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", QUESTIONS[1]]) == 0
    (record,) = _json_lines(capsys.readouterr().out)
    assert record["verdict"] == "out_of_scope"
    assert record["rule"] is None


def test_batch_from_a_file_keeps_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join([QUESTIONS[0], "", *QUESTIONS[1:]]) + "\n", encoding="utf-8")
    assert main(["ask", "--json", "--batch", str(batch)]) == 0
    records = _json_lines(capsys.readouterr().out)
    assert [r["question"] for r in records] == QUESTIONS


def test_bad_lines_in_a_batch_get_an_error_in_place_and_the_rest_are_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "questions.txt"
    huge = b"a" * 10_000_000  # one 10 MB word
    batch.write_bytes(
        b"\n".join(
            [
                QUESTIONS[0].encode(),
                b"is it okay to call \xff\xfe them?",
                QUESTIONS[1].encode(),
                huge,
                QUESTIONS[2].encode(),
            ]
        )
    )
    assert main(["ask", "--json", "--batch", str(batch)]) == 1
    records = _json_lines(capsys.readouterr().out)
    assert [r.get("question") for r in records] == [
        QUESTIONS[0],
        None,
        QUESTIONS[1],
        None,
        QUESTIONS[2],
    ]
    assert records[1] == {"line": 2, "error": "not valid UTF-8 (byte 20)"}
    assert records[3]["line"] == 4
    assert "longer than" in str(records[3]["error"])


def test_an_unreadable_batch_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--batch", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_batch_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("\n".join(QUESTIONS).encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["ask", "--json", "--batch", "-"]) == 0
    assert len(_json_lines(capsys.readouterr().out)) == len(QUESTIONS)


def test_plain_ask_prints_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", *QUESTIONS[0].split()]) == 0
    assert capsys.readouterr().out.startswith("⛔ Avoid")


def test_ask_without_a_question_shows_the_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask"]) == 2
    assert "afterview ask" in capsys.readouterr().out


def test_console_script_is_installed_and_speaks_json() -> None:
    exe = Path(sys.executable).with_name("afterview")
    done = subprocess.run(
        [str(exe), "ask", "--json", "--batch", "-"],
        input="\n".join(QUESTIONS),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    verdicts = [r["verdict"] for r in _json_lines(done.stdout)]
    assert verdicts[:2] == ["avoid", "out_of_scope"]
    assert len(verdicts) == 3


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


def test_no_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: afterview" in capsys.readouterr().out


def test_eval_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    data = Path(__file__).parents[1] / "data" / "questions-dev.tsv"
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


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    batch = tmp_path / "many.txt"
    batch.write_text("\n".join(QUESTIONS * 400), encoding="utf-8")
    exe = Path(sys.executable).with_name("afterview")
    done = subprocess.run(
        f"'{exe}' ask --json --batch '{batch}' | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr


# -- safe editing: rules check runs the examples, eval compares with a saved run ---------------


def _shipped_copy(tmp_path: Path) -> Path:
    import shutil

    from tests import paths

    target = tmp_path / "rules"
    shutil.copytree(paths.RULES, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


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


def test_rules_check_fails_a_rule_whose_examples_now_route_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _shipped_copy(tmp_path)
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

    rules = _shipped_copy(tmp_path)
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


def test_review_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        "Dear Dan,\n\nThank you for the interview at Acme. I need $75 a month for internet.\n\n"
        "Best regards,\nSam",
        encoding="utf-8",
    )
    code = main(
        [
            "review",
            "--json",
            "--company",
            "Acme",
            "--interviewer",
            "Dana Lee,Sam Ortiz",
            "--kind",
            "thank-you",
            str(note),
        ]
    )
    assert code == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {"verdict", "findings", "answer"}
    assert record["verdict"] == "avoid"
    checks = {f["check"] for f in record["findings"]}
    assert {"wrong_name", "demands"} <= checks
    assert all(set(f) == {"check", "excerpt", "suggestion"} for f in record["findings"])
    assert "“Dan”" in record["answer"]


PLAN_KEYS = {"company", "interviewers", "role", "when", "assumed", "question", "nudges"}


def _plan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("afterview")
    return subprocess.run(
        [str(exe), "plan", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_plan_json_through_the_console_script_saves_nothing(tmp_path: Path) -> None:
    done = _plan(
        "Acme yesterday 3pm Paris time with Dana Lee",
        "--tz",
        "new york",
        "--now",
        "2026-11-22T10:00",
        "--json",
        env={"AFTERVIEW_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"},
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert set(record) == PLAN_KEYS
    assert record["company"] == "Acme"
    assert record["interviewers"] == ["Dana Lee"]
    assert record["role"] is None
    assert record["when"] == "2026-11-21T09:00:00-05:00"
    assert record["assumed"] == ["I read “Paris” as the Europe/Paris timezone."]
    assert record["question"] is None
    steps = record["nudges"]
    assert steps
    assert all(set(n) == {"step", "due"} for n in steps)
    assert [n["due"] for n in steps] == sorted(n["due"] for n in steps)
    assert all(n["due"].endswith("-05:00") for n in steps)
    assert not list(tmp_path.iterdir())


def test_plan_json_states_the_question_it_would_ask() -> None:
    done = _plan("Acme yesterday", "--tz", "Europe/Paris", "--now", "2026-11-22T10:00", "--json")
    record = json.loads(done.stdout)
    assert set(record) == PLAN_KEYS
    assert record["question"].startswith("What time on Sat 21 Nov?")
    assert (record["company"], record["when"], record["nudges"]) == (None, None, [])


def test_plan_refuses_an_unknown_zone_with_a_suggestion() -> None:
    done = _plan("Acme yesterday 3pm", "--tz", "Europe/Pairs", "--json")
    assert done.returncode == 2
    assert "Did you mean Europe/Paris?" in done.stderr
    assert _plan("Acme yesterday 3pm", "--now", "someday").returncode == 2


def test_export_for_an_operator_writes_the_persons_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.core.messages import Identity
    from bot.interviews.service import NewInterview
    from tests.nudge_support import Clock, build_services

    url = f"sqlite:///{tmp_path / 'ops.db'}"
    services = build_services(url, clock=Clock())
    services.tracker.register(Identity("slack", "T1", "U1"), NewInterview("Acme", Clock().now))
    services.close()
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", url)
    assert main(["export", "--user", "slack:T1:U1", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert [Path(p).suffix for p in printed] == [".json", ".ics"]
    assert "Acme" in Path(printed[0]).read_text()
    assert main(["export", "--user", "nonsense"]) == 2
    assert main(["forget", "--user", "slack:T1:U1"]) == 0
    assert "deleted 1 interview(s)" in capsys.readouterr().out
    assert main(["export", "--user", "slack:T1:U1", "--out", str(tmp_path / "again")]) == 0
    again = capsys.readouterr().out.split()
    assert json.loads(Path(again[0]).read_text())["interviews"] == []
