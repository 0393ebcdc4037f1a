"""How a typed line splits into a command and its arguments."""

from __future__ import annotations

import pytest

from bot.core.commandline import split_command

KNOWN = frozenset({"interviewed", "help", "list", "forget-me"})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/interviewed Acme today 2pm", ("interviewed", "Acme today 2pm")),
        ("interviewed Acme today 2pm", ("interviewed", "Acme today 2pm")),
        ("  Interviewed   Acme", ("interviewed", "Acme")),
        ("help", ("help", "")),
        ("forget-me", ("forget-me", "")),
        ("/frobnicate now", ("frobnicate", "now")),
        ("is it okay to call?", (None, "is it okay to call?")),
        ("listen, should I call them?", (None, "listen, should I call them?")),
        ("", (None, "")),
        ("   ", (None, "")),
        ("123 go", (None, "123 go")),
    ],
)
def test_split_command(line: str, expected: tuple[str | None, str]) -> None:
    assert split_command(line, KNOWN) == expected


def test_multiline_arguments_are_kept_whole() -> None:
    assert split_command("/interviewed Acme\ntoday 2pm", KNOWN) == (
        "interviewed",
        "Acme\ntoday 2pm",
    )
