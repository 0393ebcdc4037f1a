from __future__ import annotations

import pytest
from sqlalchemy import inspect

from bot.db.engine import make_engine
from bot.db.migrate import upgrade

TABLES = {"users", "interviews", "nudges", "unreachable", "installations", "seen_events"}


def _check(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # idempotent: safe at every start
        names = set(inspect(engine).get_table_names())
        assert names >= TABLES | {"alembic_version"}
        columns = {c["name"] for c in inspect(engine).get_columns("nudges")}
        assert {"state", "due_at", "attempts", "lease_until", "delivery_key"} <= columns
    finally:
        engine.dispose()


def test_migrations_create_every_table_on_sqlite(sqlite_url: str) -> None:
    _check(sqlite_url)


@pytest.mark.postgres
def test_migrations_create_every_table_on_postgres(pg_url: str) -> None:
    _check(pg_url)
