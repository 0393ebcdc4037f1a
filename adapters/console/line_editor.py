"""Line editing for the terminal chat: arrow keys, history, and output that keeps the prompt.

prompt_toolkit reads each line (history with the up and down keys, editing, Ctrl-R search);
while it waits, `patch_stdout` routes everything printed (a nudge coming due) above the prompt
and redraws the prompt below it, so a nudge never lands in the middle of what is being typed.
Used only when both ends are a terminal; pipes keep plain reads.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import platformdirs
from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _history() -> History:
    """Lines typed before, kept in the user's data folder (in memory if it cannot be written)."""
    folder = Path(platformdirs.user_data_dir("afterview"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return FileHistory(str(folder / "chat-history"))
    except OSError:
        return InMemoryHistory()


async def edited_lines(prompt: str) -> AsyncIterator[str]:
    """Each line typed at `prompt`; ends on Ctrl-D. Ctrl-C clears the line, as in a shell."""
    session: PromptSession[str] = PromptSession(history=_history())
    with patch_stdout(raw=True):
        while True:
            try:
                yield await session.prompt_async(prompt)
            except KeyboardInterrupt:
                continue
            except EOFError:
                return
