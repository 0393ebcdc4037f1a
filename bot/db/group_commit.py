"""Group commit: writes that arrive together share one COMMIT, and so one fsync.

A durable COMMIT waits for the disk (SQLite's WAL fsync, PostgreSQL's WAL flush), and on a
busy machine that wait is most of a registration's cost. Callers hand their work to `run`;
one of them at a time (the leader) takes every piece of work waiting at that moment, runs
them all in one transaction and commits once. Each caller returns only after the COMMIT that
holds its rows, so nothing is acknowledged before it is durable. If anything in a batch fails,
the whole batch is rolled back and each piece is run again in a transaction of its own, so a
failing piece fails alone and never leaves half its rows next to the others'. (Work must
therefore be safe to run twice: it only reads and writes through the connection it gets.)
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")

BATCH_LIMIT = 64
"""Most pieces of work in one transaction: bounds how long the write lock is held."""


class _Slot(Generic[T]):
    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: Callable[[Connection], T]) -> None:
        self.work = work
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
        self.batches = 0
        """How many transactions were committed (for benchmarks: pieces / batches)."""

    def run(self, work: Callable[[Connection], T]) -> T:
        """`work`'s result once it is committed; its exception if it (or the COMMIT) failed."""
        slot: _Slot[T] = _Slot(work)
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
            slot.result = self._transaction(slot.work)
            self.batches += 1
        except Exception as error:
            slot.error = error

    def _transaction(self, work: Callable[[Connection], T]) -> T:
        """`work` in one transaction on the writer's own connection, kept between batches (no
        pool checkout or liveness ping per registration). A connection the database dropped
        while idle fails its first statement as invalidated; the work then runs once more on
        a fresh one."""
        try:
            return self._once(work)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        self._drop()
        return self._once(work)

    def _once(self, work: Callable[[Connection], T]) -> T:
        conn = self._connection()
        with conn.begin():
            return work(conn)

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed:
            self._conn = self._engine.connect()
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        """Give the writer's connection back (at shutdown, before the engine is disposed)."""
        with self._writer:
            self._drop()
