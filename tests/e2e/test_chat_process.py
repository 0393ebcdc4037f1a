"""`afterview chat` as a user meets it: a real process, a real SQLite file, a restart between."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXE = Path(sys.executable).with_name("afterview")


def chat(db: Path, lines: list[str]) -> str:
    env = {
        **os.environ,
        "AFTERVIEW_DATABASE_URL": f"sqlite:///{db}",
        "AFTERVIEW_TIMEZONE": "Europe/Berlin",
    }
    env.pop("AFTERVIEW_RULES", None)
    env.pop("AFTERVIEW_PLAN", None)
    done = subprocess.run(
        [str(EXE), "chat"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    assert "Traceback" not in done.stderr
    return done.stdout


def test_register_ask_and_find_it_again_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "afterview.sqlite3"
    first = chat(
        db,
        [
            "/interviewed Acme tomorrow 3pm with Dana Lee",
            "should I send flowers to the interviewer?",
            "quit",
        ],
    )
    assert "Acme" in first
    assert "CET" in first  # the time is shown in the user's zone
    assert "⛔ Avoid" in first
    assert db.exists()

    second = chat(db, ["list", "quit"])
    assert "Acme" in second
    assert "1 active interview" in second


def test_bad_input_gets_the_right_form_and_nothing_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "afterview.sqlite3"
    out = chat(db, ["/interviewed", "/interviewed Acme", "/frobnicate", "list", "quit"])
    assert "/interviewed Acme yesterday 3pm" in out or "interviewed Acme yesterday 3pm" in out
    assert "I don't know the command “frobnicate”" in out
    assert "Acme —" not in out


def test_terminal_control_codes_typed_by_a_user_are_not_echoed(tmp_path: Path) -> None:
    db = tmp_path / "afterview.sqlite3"
    out = chat(db, ["/interviewed Evil\x1b[2J Corp tomorrow 3pm", "quit"])
    assert "\x1b" not in out
