from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.db.types import UTCDateTime


def test_aware_values_are_stored_as_naive_utc_and_read_back_aware() -> None:
    column = UTCDateTime()
    paris = timezone(timedelta(hours=1))
    stored = column.process_bind_param(datetime(2026, 11, 21, 15, 0, tzinfo=paris), None)  # type: ignore[arg-type]
    assert stored == datetime(2026, 11, 21, 14, 0)
    loaded = column.process_result_value(stored, None)  # type: ignore[arg-type]
    assert loaded == datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


def test_naive_values_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), None)  # type: ignore[arg-type]
