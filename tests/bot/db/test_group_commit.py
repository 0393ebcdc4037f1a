from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Connection, Engine, text

from bot.db.engine import make_engine
from bot.db.group_commit import GroupCommit


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
