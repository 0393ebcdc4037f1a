from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text

from bot.db.engine import make_engine
from bot.db.group_commit import GroupCommit, needs_transaction


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE items (name VARCHAR(20) PRIMARY KEY)"))
    yield engine
    engine.dispose()


def insert(name: str) -> Callable[[Connection], str]:
    def work(conn: Connection) -> str:
        conn.execute(text("INSERT INTO items (name) VALUES (:n)"), {"n": name})
        return name

    return work


def stored(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {str(n) for n in conn.execute(text("SELECT name FROM items")).scalars()}


def run_batched(group: GroupCommit, works: list[Callable[[Connection], str]]) -> list[object]:
    """Hold the writer with a first piece until every other piece is queued, then let go:
    the queued pieces then go in as one batch."""
    release = threading.Event()
    results: list[object] = [None] * len(works)

    def blocker(conn: Connection) -> str:
        release.wait(10)
        return "first"

    def call(index: int) -> None:
        try:
            results[index] = group.run(works[index])
        except Exception as error:
            results[index] = error

    first = threading.Thread(target=group.run, args=(blocker,))
    first.start()
    while not group._writer.locked():
        threading.Event().wait(0.001)
    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    while len(group._waiting) < len(works):
        threading.Event().wait(0.001)
    release.set()
    for thread in (first, *threads):
        thread.join(10)
    return results


def test_work_that_arrives_together_shares_one_commit_and_is_stored(engine: Engine) -> None:
    group = GroupCommit(engine)
    results = run_batched(group, [insert(f"n{i}") for i in range(5)])
    assert results == [f"n{i}" for i in range(5)]
    assert stored(engine) == {f"n{i}" for i in range(5)}
    assert group.batches == 2  # the blocker alone, then the five together


def test_a_failing_piece_fails_alone_and_leaves_no_rows(engine: Engine) -> None:
    def half_then_fail(conn: Connection) -> str:
        insert("half")(conn)
        raise ValueError("bad input")

    group = GroupCommit(engine)
    results = run_batched(group, [insert("a"), half_then_fail, insert("b")])
    assert results[0] == "a"
    assert results[2] == "b"
    assert isinstance(results[1], ValueError)
    assert stored(engine) == {"a", "b"}


def test_a_lone_caller_gets_its_result_or_its_error(engine: Engine) -> None:
    group = GroupCommit(engine)
    assert group.run(insert("solo")) == "solo"
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        group.run(insert("solo"))
    assert stored(engine) == {"solo"}


def _driver_connection(conn: Connection) -> object:
    return conn.connection.dbapi_connection


def test_the_writer_keeps_its_connection_between_transactions(engine: Engine) -> None:
    group = GroupCommit(engine)
    first = group.run(_driver_connection)
    assert group.run(_driver_connection) is first
    assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    group.close()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert group.run(insert("after closing")) == "after closing"
    group.close()


@pytest.mark.postgres
def test_a_connection_dropped_by_the_server_is_replaced_and_the_work_stored(
    pg_url: str,
) -> None:
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE items (name VARCHAR(20) PRIMARY KEY)"))
    group = GroupCommit(engine)
    try:
        pid = group.run(lambda conn: conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert group.run(insert("after the drop")) == "after the drop"
        assert stored(engine) == {"after the drop"}
    finally:
        group.close()
        engine.dispose()


@pytest.mark.postgres
def test_one_statement_work_on_the_drivers_cursor_survives_a_dropped_connection(
    pg_url: str,
) -> None:
    # prepared statements run on the driver's cursor: in autocommit no rollback turns the
    # driver's error into an invalidated connection, so the writer must see it for itself
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE items (name VARCHAR(20) PRIMARY KEY)"))

    def raw_insert(conn: Connection) -> str:
        cursor = conn.connection.cursor()
        cursor.execute("INSERT INTO items (name) VALUES ('raw')")
        cursor.close()
        return "raw"

    group = GroupCommit(engine)
    try:
        pid = group.run(lambda conn: conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert group.run(raw_insert, one_statement=True) == "raw"
        assert stored(engine) == {"raw"}
        assert group.run(_still_transactional()) is True
    finally:
        group.close()
        engine.dispose()


def _in_transaction(conn: Connection) -> bool:
    """Whether the driver holds a transaction open for `conn` (asked after a statement)."""
    driver: Any = conn.connection.dbapi_connection
    if conn.dialect.name == "postgresql":
        from psycopg.pq import TransactionStatus

        return bool(driver.info.transaction_status != TransactionStatus.IDLE)
    return bool(driver.in_transaction)


def test_one_statement_work_alone_runs_outside_a_transaction_on_postgres(
    engine: Engine, db_url: str
) -> None:
    seen: list[bool] = []

    def work(conn: Connection) -> str:
        insert("single")(conn)
        seen.append(_in_transaction(conn))
        return "single"

    group = GroupCommit(engine)
    assert group.run(work, one_statement=True) == "single"
    assert stored(engine) == {"single"}
    # PostgreSQL: the INSERT was a transaction of its own, committed when it answered; SQLite
    # (two-statement registrations, IMMEDIATE begins) keeps its transaction
    assert seen == [db_url.startswith("sqlite")]
    assert group.run(_still_transactional()) is True  # other work: a transaction, as before
    group.close()


def _still_transactional() -> Callable[[Connection], bool]:
    def work(conn: Connection) -> bool:
        conn.execute(text("SELECT 1"))
        return _in_transaction(conn)

    return work


def test_work_that_needs_a_transaction_writes_in_one_from_there(engine: Engine) -> None:
    calls: list[bool] = []

    def two_writes(conn: Connection) -> str:
        calls.append(True)
        needs_transaction(conn)
        insert("one")(conn)
        insert("two")(conn)
        calls[-1] = _in_transaction(conn)
        return "both"

    group = GroupCommit(engine)
    assert group.run(two_writes, one_statement=True) == "both"
    assert stored(engine) == {"one", "two"}
    assert calls == [True]  # run once, and its writes were in a transaction
    group.close()


def test_a_failing_one_statement_write_leaves_nothing_and_the_writer_works_on(
    engine: Engine,
) -> None:
    def half_then_fail(conn: Connection) -> str:
        needs_transaction(conn)
        insert("half")(conn)
        raise ValueError("bad input")

    group = GroupCommit(engine)
    assert group.run(insert("dup"), one_statement=True) == "dup"
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        group.run(insert("dup"), one_statement=True)
    with pytest.raises(ValueError, match="bad input"):
        group.run(half_then_fail, one_statement=True)
    assert group.run(_still_transactional()) is True  # the driver is back out of autocommit
    assert group.run(insert("after"), one_statement=True) == "after"
    assert stored(engine) == {"dup", "after"}
    group.close()


def test_one_statement_work_that_arrives_together_shares_one_commit(engine: Engine) -> None:
    group = GroupCommit(engine)
    release = threading.Event()
    results: list[object] = []

    def blocker(conn: Connection) -> str:
        release.wait(10)
        return "first"

    first = threading.Thread(target=group.run, args=(blocker,))
    first.start()
    while not group._writer.locked():
        threading.Event().wait(0.001)

    def call(name: str) -> None:
        results.append(group.run(insert(name), one_statement=True))

    threads = [threading.Thread(target=call, args=(f"n{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    while len(group._waiting) < 3:
        threading.Event().wait(0.001)
    release.set()
    for thread in (first, *threads):
        thread.join(10)
    assert sorted(map(str, results)) == ["n0", "n1", "n2"]
    assert stored(engine) == {"n0", "n1", "n2"}
    assert group.batches == 2
    group.close()
