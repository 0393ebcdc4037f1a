"""Operator commands: plan and export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.cli import main

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
