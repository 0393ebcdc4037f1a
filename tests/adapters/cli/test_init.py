"""The `afterview` command itself: usage when no command is given."""

from __future__ import annotations

import pytest

from adapters.cli import main


def test_no_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: afterview" in capsys.readouterr().out
