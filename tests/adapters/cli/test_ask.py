"""`afterview ask`: one question or a batch, as text or JSON lines; the CLI contract."""

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


def test_plan_json_states_the_question_it_would_ask() -> None:
    done = _plan("Acme yesterday", "--tz", "Europe/Paris", "--now", "2026-11-22T10:00", "--json")
    record = json.loads(done.stdout)
    assert set(record) == PLAN_KEYS
    assert record["question"].startswith("What time on Sat 21 Nov?")
    assert (record["company"], record["when"], record["nudges"]) == (None, None, [])
