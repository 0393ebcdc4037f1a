"""The one snooze vocabulary: typed spellings, labels and the moments presets name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.nudges import snooze
from bot.nudges.snooze import snooze_until

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20m", "20m"), ("20 min", "20m"), ("1 h", "1h"), ("1hr", "1h"), ("3hrs", "3h"),
     ("Tomorrow", "tomorrow"), ("next week", "next-week"), ("2 days", None), ("", None)],
)  # fmt: skip
def test_snooze_preset(text: str, expected: str | None) -> None:
    assert snooze.read_preset(text) == expected


def test_snooze_presets_name_the_moments_slack_uses() -> None:
    now = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday
    assert snooze_until(now, "20m", PARIS) == now + timedelta(minutes=20)
    assert snooze_until(now, "3h", PARIS) == now + timedelta(hours=3)
    assert snooze_until(now, "tomorrow", PARIS) == datetime(2026, 11, 19, 9, tzinfo=PARIS)
    assert snooze_until(now, "next-week", PARIS) == datetime(2026, 11, 23, 9, tzinfo=PARIS)


def test_every_preset_has_a_label_a_spoken_form_and_a_spelling_that_reads_back() -> None:
    for preset in snooze.PRESETS:
        assert preset.label
        assert preset.spoken
        assert all(snooze.read_preset(word) == preset.value for word in preset.typed)


def test_an_unknown_preset_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        snooze_until(datetime(2026, 11, 18, tzinfo=UTC), "2d", PARIS)
