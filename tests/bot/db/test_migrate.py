from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from bot.config import Settings
from bot.db.engine import make_engine
from bot.db.migrate import MIGRATIONS, upgrade

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


def test_upgrading_from_the_first_revision_backfills_nudge_platforms(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO users (id, platform, workspace, user_key, quiet_off, created_at) "
                "VALUES (1, 'discord', 'g1', 'u1', 0, '2026-11-18 12:00:00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO interviews (id, user_id, company, at, timezone, interviewers, "
                "status, created_at) VALUES (1, 1, 'Acme', '2026-11-18 12:00:00', 'UTC', '[]', "
                "'active', '2026-11-18 12:00:00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO nudges (interview_id, user_id, step_id, state, due_at, planned_at, "
                "attempts, delivery_key) VALUES (1, 1, 'thank_you', 'pending', "
                "'2026-11-18 15:00:00', '2026-11-18 15:00:00', 0, 'av1')"
            )
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT platform FROM nudges").scalar_one() == "discord"
    finally:
        engine.dispose()


def test_alembic_on_its_own_migrates_the_database_the_app_would_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`alembic upgrade` without an engine handed over (an operator's command line) falls back
    to the app's own default file, not to some other path."""
    monkeypatch.delenv("AFTERVIEW_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no env files here
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    command.upgrade(config, "head")
    default = tmp_path / "data" / "afterview" / "afterview.sqlite3"
    assert Settings.from_env().database_url == f"sqlite:///{default}"
    with sqlite3.connect(default) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"nudges", "interviews", "users"} <= tables
    assert not (tmp_path / "afterview.db").exists()
