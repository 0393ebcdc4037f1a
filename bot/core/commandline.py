"""Split what a user typed into a command name and its arguments.

Slack and Discord hand us the command separately; the terminal chat and DMs give one line,
so ``"/interviewed Acme today 2pm"`` and ``"interviewed Acme today 2pm"`` mean the same.
"""

from __future__ import annotations

import re

_COMMAND = re.compile(
    r"^\s*/?(?P<name>[a-z][a-z-]*)\b[ \t]*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL
)


def split_command(line: str, known: frozenset[str]) -> tuple[str | None, str]:
    """Return ``(command, rest)`` if the line starts with a known command, else ``(None, line)``.

    A leading slash forces command parsing: ``"/frobnicate"`` yields ``("frobnicate", "")`` so
    the caller can say the command is unknown instead of treating it as a question.
    """
    match = _COMMAND.match(line)
    if match is None:
        return None, line.strip()
    name = match.group("name").lower()
    rest = match.group("rest").strip()
    if name in known or line.lstrip().startswith("/"):
        return name, rest
    return None, line.strip()
