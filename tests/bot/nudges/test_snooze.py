"""The one snooze vocabulary: typed spellings, labels and the moments presets name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_an_unknown_value_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        snooze_until(datetime(2026, 11, 18, tzinfo=UTC), "fortnight", PARIS)


NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
"""A Wednesday, 13:00 in Paris."""


@pytest.mark.parametrize(
    ("text", "value", "until"),
    [("45m", "45m", NOW + timedelta(minutes=45)),
     ("45 minutes", "45m", NOW + timedelta(minutes=45)),
     ("2h", "2h", NOW + timedelta(hours=2)), ("90 mins", "90m", NOW + timedelta(minutes=90)),
     ("2 days", "2d", NOW + timedelta(days=2)), ("in 1 week", "1w", NOW + timedelta(weeks=1)),
     ("20m", "20m", NOW + timedelta(minutes=20)),
     ("tomorrow", "tomorrow", datetime(2026, 11, 19, 9, tzinfo=PARIS)),
     ("monday 9am", "at:2026-11-23T08:00+00:00", datetime(2026, 11, 23, 9, tzinfo=PARIS)),
     ("Monday", "at:2026-11-23T08:00+00:00", datetime(2026, 11, 23, 9, tzinfo=PARIS)),
     ("tomorrow 14:00", "at:2026-11-19T13:00+00:00", datetime(2026, 11, 19, 14, tzinfo=PARIS))],
)  # fmt: skip
def test_free_lengths_and_times_are_read_here(text: str, value: str, until: datetime) -> None:
    assert snooze.read_snooze(text, now=NOW, zone=PARIS) == value
    assert snooze.is_snooze(value)
    assert snooze_until(NOW, value, PARIS) == until


@pytest.mark.parametrize(
    "text", ["forever", "0m", "45 days", "99w", "yesterday", "", "2 lightyears"]
)
def test_unreadable_past_or_far_snoozes_are_none(text: str) -> None:
    assert snooze.read_snooze(text, now=NOW, zone=PARIS) is None


def test_spoken_values() -> None:
    assert snooze.spoken("45m", PARIS) == "45 minutes"
    assert snooze.spoken("1d", PARIS) == "1 day"
    assert snooze.spoken("tomorrow", PARIS) == "tomorrow morning"
    assert snooze.spoken("at:2026-11-23T08:00+00:00", PARIS) == "until Mon 23 Nov 09:00"


def test_a_snooze_never_brings_a_nudge_forward() -> None:
    tomorrow = datetime(2026, 11, 19, 10, tzinfo=PARIS)
    assert snooze_until(NOW, "20m", PARIS, due=tomorrow) == tomorrow
    assert snooze_until(NOW, "3d", PARIS, due=tomorrow) == NOW + timedelta(days=3)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_any_typed_snooze_is_none_or_ahead_within_the_limit(text: str) -> None:
    value = snooze.read_snooze(text, now=NOW, zone=PARIS)
    if value is not None:
        until = snooze_until(NOW, value, PARIS)
        assert NOW < until <= NOW + snooze.LONGEST
