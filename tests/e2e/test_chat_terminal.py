"""`afterview chat` in a real pseudo-terminal: line editing, history, nudges at the prompt."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.nudge_support import SECONDS_PLAN

pytestmark = pytest.mark.slow

EXE = Path(sys.executable).with_name("afterview")
UP = "\x1b[A"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


class Terminal:
    """A child process on a pty; `expect` reads until a text shows up (or fails)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.fd, child = pty.openpty()
        os.set_blocking(self.fd, False)
        self.proc = subprocess.Popen(
            [str(EXE), "chat"], stdin=child, stdout=child, stderr=child, env=env, close_fds=True
        )
        os.close(child)
        self.raw = ""
        self.seen = ""
        """What the terminal showed, escape sequences removed."""

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def expect(self, text: str, limit: float = 30.0, *, since: int = 0) -> str:
        """Everything shown until `text` appeared after position `since`; the limit only
        stops a hung child."""
        end = time.monotonic() + limit
        while text not in self.seen[since:]:
            left = end - time.monotonic()
            assert left > 0, f"never saw {text!r}; got:\n{self.seen[-2000:]}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.raw += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:
                    continue
                self.seen = _ESCAPES.sub("", self.raw)
        return self.seen

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        os.close(self.fd)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {
        **os.environ,
        "AFTERVIEW_DATABASE_URL": f"sqlite:///{tmp_path / 'chat.sqlite3'}",
        "AFTERVIEW_PLAN": str(SECONDS_PLAN),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "COLUMNS": "60",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # the test's pty does not answer cursor-position queries
    }
    env.pop("AFTERVIEW_RULES", None)
    term = Terminal(env)
    term.expect("you>")
    yield term
    term.close()


def test_history_recalls_the_last_line_and_arrow_keys_are_not_echoed(terminal: Terminal) -> None:
    terminal.send("settings weekends on\r")
    terminal.expect("you>", since=terminal.expect("Weekends updated").index("Weekends updated"))
    mark = len(terminal.seen)
    terminal.send(UP + "\r")  # the same command again, from history
    out = terminal.expect("Weekends updated", since=mark)
    assert "Weekends updated" in out[mark:]
    assert "^[[A" not in out


def test_a_nudge_prints_on_its_own_line_after_the_confirmation(terminal: Terminal) -> None:
    terminal.send("settings quiet off\r")
    terminal.expect("Quiet hours off")
    terminal.send("settings weekends on\r")
    terminal.expect("Weekends updated")
    now = datetime.now(UTC)  # the child's clock: register an interview that just ended
    terminal.send(f"interviewed Acme today {now:%H:%M}\r")
    out = terminal.expect("── Nudge ──")
    assert out.index("Got it: Acme") < out.index("── Nudge ──")
    start = out.index("── Nudge ──")
    assert "you>" in terminal.expect("you>", since=start)[start:]  # drawn again below it


def test_forget_me_says_which_number_to_type(terminal: Terminal) -> None:
    terminal.send("forget-me\r")
    out = terminal.expect("Delete everything")
    shown = " ".join(terminal.expect("forget-me confirm").split())
    assert "To go ahead, type 1 or type `forget-me confirm`" in shown
    assert "Click the button" not in out
