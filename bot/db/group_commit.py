"""Group commit: writes that arrive together share one COMMIT, and so one fsync.

A durable COMMIT waits for the disk (SQLite's WAL fsync, PostgreSQL's WAL flush), and on a
busy machine that wait is most of a registration's cost. Callers hand their work to `run`;
one of them at a time (the leader) takes every piece of work waiting at that moment, runs
them all in one transaction and commits once. Each caller returns only after the COMMIT that
holds its rows, so nothing is acknowledged before it is durable. If anything in a batch fails,
the whole batch is rolled back and each piece is run again in a transaction of its own, so a
failing piece fails alone and never leaves half its rows next to the others'. (Work must
therefore be safe to run twice: it only reads and writes through the connection it gets.)

On PostgreSQL, work that writes with one statement (`run(..., one_statement=True)`) and runs
alone goes without BEGIN and COMMIT: its reads and its one write run in autocommit, so the
write is a transaction of its own, durable when the server answers (two round trips fewer).
Work that finds it must write more calls `needs_transaction` before its first write: from
there its statements are one transaction, committed when it returns.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")

_ONE_STATEMENT = "afterview.one_statement"
"""The connection's info key while work runs in autocommit: what begins a transaction."""

BATCH_LIMIT = 64
"""Most pieces of work in one transaction: bounds how long the write lock is held."""


def needs_transaction(conn: Connection) -> None:
    """Call before writing more than one statement in work given to `GroupCommit.run` with
    ``one_statement=True``: where the work runs in autocommit, its statements from here on
    are one transaction, committed when it returns (its reads so far stood alone, as each
    statement's snapshot does under READ COMMITTED anyway); elsewhere it does nothing."""
    begin = conn.info.pop(_ONE_STATEMENT, None)
    if begin is not None:
        begin()


class _Lost(Exception):
    """The connection broke under work run in autocommit (the driver's own error)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Slot(Generic[T]):
    __slots__ = ("done", "error", "one_statement", "result", "work")

    def __init__(self, work: Callable[[Connection], T], one_statement: bool) -> None:
        self.work = work
        self.one_statement = one_statement
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


class GroupCommit:
    """Runs `work(connection)` for many threads, committing concurrent work together."""

    def __init__(self, engine: Engine, *, limit: int = BATCH_LIMIT) -> None:
        self._engine = engine
        self._limit = limit
        self._waiting: deque[_Slot[object]] = deque()
        self._queue_lock = threading.Lock()
        self._writer = threading.Lock()
        self._conn: Connection | None = None
        self._autocommit = engine.dialect.name == "postgresql"
        """Whether a lone one-statement work runs in autocommit: on PostgreSQL a statement
        outside a transaction is committed, durably, before the server answers. (SQLite's
        registrations write two statements and begin IMMEDIATE.)"""
        self.batches = 0
        """How many transactions were committed (for benchmarks: pieces / batches)."""

    def run(self, work: Callable[[Connection], T], *, one_statement: bool = False) -> T:
        """`work`'s result once it is committed; its exception if it (or the COMMIT) failed.

        ``one_statement``: `work` writes with one statement at most, or calls
        `needs_transaction` before writing more (see the module's notes)."""
        slot: _Slot[T] = _Slot(work, one_statement)
        with self._queue_lock:
            self._waiting.append(slot)  # type: ignore[arg-type]
        with self._writer:
            while not slot.done:
                self._commit(self._take())
        return slot.outcome()

    def _take(self) -> list[_Slot[object]]:
        with self._queue_lock:
            count = min(len(self._waiting), self._limit)
            return [self._waiting.popleft() for _ in range(count)]

    def _commit(self, batch: list[_Slot[object]]) -> None:
        try:
            if len(batch) > 1 and self._together(batch):
                return
            for slot in batch:
                self._alone(slot)
        finally:
            for slot in batch:
                slot.done = True

    def _together(self, batch: list[_Slot[object]]) -> bool:
        """One transaction for the whole batch; False (all rolled back) if any of it failed."""
        try:
            results = self._transaction(lambda conn: [slot.work(conn) for slot in batch])
        except Exception:
            return False
        for slot, result in zip(batch, results, strict=True):
            slot.result = result
        self.batches += 1
        return True

    def _alone(self, slot: _Slot[object]) -> None:
        try:
            one_statement = slot.one_statement and self._autocommit
            slot.result = self._transaction(slot.work, one_statement=one_statement)
            self.batches += 1
        except Exception as error:
            slot.error = error

    def _transaction(self, work: Callable[[Connection], T], *, one_statement: bool = False) -> T:
        """`work` in one transaction on the writer's own connection, kept between batches (no
        pool checkout or liveness ping per registration). A connection the database dropped
        while idle fails its first statement (as invalidated, or in autocommit as the driver's
        own error, which no rollback rewrites); the work then runs once more on a fresh one."""
        try:
            return self._once(work, one_statement)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        except _Lost:
            pass
        self._drop(lost=True)
        try:
            return self._once(work, one_statement)
        except _Lost as lost:
            raise lost.error from None

    def _once(self, work: Callable[[Connection], T], one_statement: bool) -> T:
        conn = self._connection()
        if one_statement:
            return self._autocommitted(conn, work)
        with conn.begin():
            return work(conn)

    def _autocommitted(self, conn: Connection, work: Callable[[Connection], T]) -> T:
        """`work` with the driver in autocommit, every statement its own transaction until
        the work calls `needs_transaction` (then committed here). The driver is put back as
        it was after; a connection that cannot be (it broke) is dropped, and the next work
        gets a fresh one."""
        dialect = self._engine.dialect
        raw = conn.connection
        driver = raw.dbapi_connection
        dialect.set_isolation_level(driver, "AUTOCOMMIT")  # type: ignore[arg-type]
        conn.info[_ONE_STATEMENT] = lambda: dialect.reset_isolation_level(driver)  # type: ignore[arg-type]
        done = False
        try:
            result = work(conn)
            if conn.in_transaction():  # SQLAlchemy began one for conn.execute
                conn.commit()
            raw.commit()  # what followed `needs_transaction`; nothing to send if it was not called
            done = True
            return result
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, driver, None):
                raise _Lost(error) from error
            raise
        finally:
            conn.info.pop(_ONE_STATEMENT, None)
            try:
                if conn.in_transaction():
                    conn.rollback()
                if not done:
                    raw.rollback()
                dialect.reset_isolation_level(driver)  # type: ignore[arg-type]
            except Exception:
                self._drop(lost=True)

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed:
            self._conn = self._engine.connect()
        return self._conn

    def _drop(self, *, lost: bool = False) -> None:
        """Give the connection back; `lost`: it broke, so the pool throws it away instead of
        trying to reset it."""
        if self._conn is not None:
            if lost:
                self._conn.invalidate()
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        """Give the writer's connection back (at shutdown, before the engine is disposed)."""
        with self._writer:
            self._drop()
