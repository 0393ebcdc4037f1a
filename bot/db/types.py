"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_SQLITE_TEXT = SQLITE_DATETIME._storage_format
"""SQLite's default DateTime text, "2026-11-18 12:00:05.123456": what `isoformat` writes."""


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database.

    SQLite has no time zones, so storing naive UTC everywhere keeps comparisons (``due_at <=
    now``) identical on both databases and rules out mixing offsets.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return _naive_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:  # most values: astimezone would return the value itself
        return value
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC)


def _naive_utc(value: datetime | None) -> datetime | None:
    return None if value is None else _in_utc(value).replace(tzinfo=None)


def _sqlite_text(value: datetime | None) -> str | None:
    # "2026-11-18 12:00:05.123456+00:00": the fixed 26 characters before the offset
    return None if value is None else _in_utc(value).isoformat(" ", "microseconds")[:26]


def utc_bind_processor(dialect: Dialect) -> Callable[[Any], Any] | None:
    """`UTCDateTime`'s bind processor for `dialect` in one call: the very value SQLAlchemy's
    own chain (`process_bind_param`, then the dialect's DateTime processor, which on SQLite
    formats the text from a dict of fields) gives, for the prepared statements' hot path.
    None where the dialect's DateTime is not one of the two known here: use SQLAlchemy's."""
    impl = UTCDateTime().impl_instance.dialect_impl(dialect)
    if isinstance(impl, SQLITE_DATETIME):
        full = impl._storage_format == _SQLITE_TEXT
        return _sqlite_text if full else None
    if impl.bind_processor(dialect) is None:
        return _naive_utc
    return None
