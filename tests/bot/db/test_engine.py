from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.db.engine import is_sqlite, make_engine, make_sessions


def test_sqlite_file_is_durable_and_waits_for_locks(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'a.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert is_sqlite(engine)
        assert (tmp_path / "nested" / "a.sqlite3").exists()
    finally:
        engine.dispose()


def test_concurrent_read_then_write_transactions_do_not_fail(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE makes a read-then-write transaction wait instead of erroring."""
    engine = make_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        session.execute(text("CREATE TABLE counter (n INTEGER)"))
        session.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(25):
                with sessions.begin() as session:
                    n = session.execute(text("SELECT n FROM counter")).scalar_one()
                    session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sessions() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 100
    assert errors == []
    engine.dispose()


def test_every_transaction_takes_the_write_lock_when_it_begins(tmp_path: Path) -> None:
    """A transaction that has only read holds the write lock already: another writer that
    will not wait is refused, as a driver error wrapped like any other."""
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    other = sqlite3.connect(tmp_path / "c.sqlite3", timeout=0, isolation_level=None)
    try:
        with make_sessions(engine).begin() as session:
            session.execute(text("SELECT count(*) FROM t"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once it committed
        with engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
            with pytest.raises(OperationalError, match="locked"):
                conn.execute(text("SELECT 1"))
        other.execute("ROLLBACK")
    finally:
        other.close()
        engine.dispose()
