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


def test_upgrading_from_0002_moves_every_user_to_a_person_with_one_identity(
    sqlite_url: str,
) -> None:
    """A database made at the previous revision keeps every user, interview, nudge and mark,
    each user becoming a person with its identity (and the cascade never fires)."""
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            for uid, platform, key in ((1, "slack", "U1"), (2, "discord", "d2")):
                conn.exec_driver_sql(
                    "INSERT INTO users (id, platform, workspace, user_key, timezone, quiet_off, "
                    f"created_at) VALUES ({uid}, '{platform}', 'w', '{key}', 'Europe/Paris', 0, "
                    "'2026-11-18 12:00:00')"
                )
                conn.exec_driver_sql(
                    "INSERT INTO interviews (id, user_id, company, at, timezone, interviewers, "
                    f"status, created_at) VALUES ({uid}, {uid}, 'Acme', '2026-11-18 12:00:00', "
                    "'UTC', '[\"Dana\"]', 'active', '2026-11-18 12:00:00')"
                )
                conn.exec_driver_sql(
                    "INSERT INTO nudges (interview_id, user_id, platform, step_id, state, due_at, "
                    f"planned_at, attempts, delivery_key) VALUES ({uid}, {uid}, '{platform}', "
                    f"'thank_you', 'pending', '2026-11-18 15:00:00', '2026-11-18 15:00:00', 0, "
                    f"'av{uid}')"
                )
            conn.exec_driver_sql(
                "INSERT INTO unreachable (user_id, since, reason) "
                "VALUES (2, '2026-11-18 12:00:00', 'closed')"
            )
        upgrade(engine)
        with engine.connect() as conn:
            identities = conn.exec_driver_sql(
                "SELECT user_id, platform, workspace, user_key FROM identities ORDER BY user_id"
            ).all()
            assert [tuple(r) for r in identities] == [
                (1, "slack", "w", "U1"),
                (2, "discord", "w", "d2"),
            ]
            assert conn.exec_driver_sql("SELECT count(*) FROM interviews").scalar_one() == 2
            assert conn.exec_driver_sql("SELECT count(*) FROM nudges").scalar_one() == 2
            assert conn.exec_driver_sql("SELECT user_id FROM unreachable").scalar_one() == 2
            zones = conn.exec_driver_sql("SELECT DISTINCT timezone FROM users").scalars().all()
            assert zones == ["Europe/Paris"]
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        user_columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "user_key" not in user_columns
        assert {"nudges_to", "notice"} <= user_columns
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_upgrading_from_0002_on_postgres_keeps_users_as_people(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO users (platform, workspace, user_key, quiet_off, created_at) "
                "VALUES ('slack', 'T1', 'U1', false, now())"
            )
        upgrade(engine)
        with engine.begin() as conn:
            row = conn.exec_driver_sql("SELECT platform, user_key FROM identities").one()
            assert tuple(row) == ("slack", "U1")
            # the identity sequence continues past the copied rows
            conn.exec_driver_sql(
                "INSERT INTO identities (user_id, platform, workspace, user_key, created_at) "
                "SELECT id, 'discord', '-', 'd1', now() FROM users"
            )
            assert conn.exec_driver_sql("SELECT count(*) FROM identities").scalar_one() == 2
    finally:
        engine.dispose()


def test_a_page_of_a_users_interviews_walks_the_time_index_without_sorting(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("interviews")}
        assert indexes.get("ix_interviews_user_at") == ["user_id", "at", "id"]
        assert "ix_interviews_user_id" not in indexes
        with engine.connect() as conn:
            plan = " ".join(
                str(row[-1])
                for row in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT id FROM interviews WHERE user_id = 1 "
                    "ORDER BY at DESC, id DESC LIMIT 10 OFFSET 20"
                )
            )
        assert "ix_interviews_user_at" in plan
        assert "TEMP B-TREE" not in plan
    finally:
        engine.dispose()
