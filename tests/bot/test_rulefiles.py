"""The shared rules-file reader: durations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.rulefiles import parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("20m", 1200),
        ("3h", 10800),
        ("2d", 172800),
        ("1w", 604800),
        ("1d 12h", 129600),
        ("1h30m", 5400),
        (45, 45),
        ("0s", 0),
    ],
)
def test_parse_duration(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "3", "h", "3 hrs", "-1h", "1.5h", True, None, [], -5])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError, match=r"duration|negative"):
        parse_duration(text)
