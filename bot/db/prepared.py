"""Statements compiled once per database and run on the driver's cursor: the registration path.

SQLAlchemy's execute path (execution context, events, result objects) cost more CPU per
registration than the statements themselves did (`bench/FINDINGS.md`). A `Prepared` statement
is still written with SQLAlchemy and compiled by it, once per dialect, with its bind and result
processors looked up once (so values are stored exactly as the ORM stores them: naive UTC
datetimes, JSON, booleans); each call only binds the values and runs the driver's cursor inside
the caller's transaction. PostgreSQL's driver prepares a statement run this often on its own.

Binding is itself hot (a registration binds some sixty values): each statement keeps, per
placeholder, the one processor its value needs (None for most), and `UTCDateTime` values go
through `utc_bind_processor`, the same value SQLAlchemy's chain of processors gives in one call.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import PoolProxiedConnection, QueuePool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.expression import ClauseElement
from sqlalchemy.types import TypeEngine

from bot.db.types import UTCDateTime, utc_bind_processor

Row = tuple[Any, ...]
_Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One statement compiled for one dialect, with everything a call needs looked up."""

    sql: str
    positions: tuple[tuple[str, _Processor | None], ...] | None
    """Parameter names and processors in placeholder order for positional drivers (SQLite);
    None: the driver takes named parameters."""
    defaults: Mapping[str, Any]
    binds: tuple[tuple[str, _Processor], ...]
    results: tuple[_Processor | None, ...]
    """One processor per column; empty when no column needs one."""
    returns_rows: bool | None
    """A SELECT or a write with RETURNING (False: a write without), known here so that a
    call does not ask the cursor for its description (psycopg builds a column object per
    column on every ask); None for other statements: ask."""

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        if self.defaults:
            values = {**self.defaults, **values}
        if self.positions is None:
            merged = dict(values)
            for name, process in self.binds:
                merged[name] = process(merged[name])
            return merged
        return [
            values[name] if process is None else process(values[name])
            for name, process in self.positions
        ]

    def row(self, raw: Sequence[Any]) -> Row:
        if not self.results:
            return tuple(raw)
        return tuple(
            value if process is None else process(value)
            for value, process in zip(raw, self.results, strict=True)
        )


class Prepared:
    """A statement to run many times with different values, on SQLite or PostgreSQL."""

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def rows(self, conn: Connection, values: Mapping[str, Any]) -> list[Row]:
        """Run inside `conn`'s transaction; the rows it returns (none for a plain write)."""
        return self._run(conn.dialect, conn.connection.cursor(), values)

    def read(self, engine: Engine, values: Mapping[str, Any]) -> list[Row]:
        """Run a lone read on a pooled connection, outside any transaction: one SELECT needs
        none, and on SQLite every transaction here begins IMMEDIATE, taking the write lock
        that registrations and deliveries wait for. The pool ends whatever the driver began
        when the connection goes back."""
        raw = engine.raw_connection()
        try:
            return self._run(engine.dialect, raw.cursor(), values)
        finally:
            raw.close()

    def first(self, conn: Connection, values: Mapping[str, Any]) -> Row | None:
        found = self.rows(conn, values)
        return found[0] if found else None

    def one(self, conn: Connection, values: Mapping[str, Any]) -> Row:
        """The row of a statement that always returns one (an INSERT ... RETURNING, a SELECT
        of aggregates)."""
        found = self.first(conn, values)
        if found is None:
            raise RuntimeError("a statement that always returns a row returned none")
        return found

    def _run(self, dialect: Dialect, cursor: Any, values: Mapping[str, Any]) -> list[Row]:
        compiled = self._by_dialect.get(dialect.name) or self._compile(dialect)
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            returns_rows = compiled.returns_rows
            if returns_rows is None:
                returns_rows = cursor.description is not None
            if not returns_rows:
                return []
            return [compiled.row(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = cast(SQLCompiler, self._statement.compile(dialect=dialect))
        binds: dict[str, _Processor] = {}
        defaults: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            process = _bind_processor(bind.type, dialect)
            if process is not None:
                binds[name] = process
            if not bind.required:
                defaults[name] = bind.effective_value
        results = tuple(
            kind.dialect_impl(dialect).result_processor(dialect, None)
            for kind in _result_types(self._statement)
        )
        positions = None
        if compiled.positional:
            order = compiled.positiontup or ()
            positions = tuple((name, binds.get(name)) for name in order)
        done = _Compiled(
            sql=compiled.string,
            positions=positions,
            defaults=defaults,
            binds=tuple(binds.items()),
            results=results if any(p is not None for p in results) else (),
            returns_rows=_returns_rows(self._statement),
        )
        self._by_dialect[dialect.name] = done
        return done


def _bind_processor(kind: TypeEngine[Any], dialect: Dialect) -> _Processor | None:
    if isinstance(kind, UTCDateTime):
        fast = utc_bind_processor(dialect)
        if fast is not None:
            return fast
    return kind.dialect_impl(dialect).bind_processor(dialect)


def _returns_rows(statement: ClauseElement) -> bool | None:
    if isinstance(statement, Select):
        return True
    if isinstance(statement, UpdateBase):
        return bool(statement.returning_column_descriptions)
    return None


def _result_types(statement: ClauseElement) -> list[TypeEngine[Any]]:
    if isinstance(statement, Select):
        return [column.type for column in statement.selected_columns]
    if isinstance(statement, UpdateBase):
        return [described["type"] for described in statement.returning_column_descriptions]
    return []


class KeptReader:
    """Lone reads on one connection kept for them, with no pool checkout, liveness ping or
    reset per read (on PostgreSQL: one round trip instead of four). The connection is in
    autocommit, so each read stands alone, as on a pooled connection. A read that finds it
    busy (another thread is reading), or that fails on it, runs on the pool as before; the
    failed connection is closed and a new one kept at the next read. Engines whose pool does
    not hand out plain connections (an in-memory SQLite's per-thread one) always use the pool.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._keep = isinstance(engine.pool, QueuePool)
        self._lock = threading.Lock()
        self._raw: PoolProxiedConnection | None = None
        self._closed = False

    def rows(self, prepared: Prepared, values: Mapping[str, Any]) -> list[Row]:
        """What `prepared.read(engine, values)` returns."""
        if self._keep and self._lock.acquire(blocking=False):
            try:
                if not self._closed:
                    return self._kept(prepared, values)
            except Exception:
                self._drop()
            finally:
                self._lock.release()
        return prepared.read(self._engine, values)

    def _kept(self, prepared: Prepared, values: Mapping[str, Any]) -> list[Row]:
        if self._raw is None:
            raw = self._engine.raw_connection()
            raw.detach()  # ours alone: closed for real by `_drop`, never back in the pool
            raw.rollback()
            driver = raw.dbapi_connection
            assert driver is not None  # a connection just checked out has its driver's
            self._engine.dialect.set_isolation_level(driver, "AUTOCOMMIT")
            self._raw = raw
        return prepared._run(self._engine.dialect, self._raw.cursor(), values)

    def _drop(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            with contextlib.suppress(Exception):  # thrown away because it failed (or at the end)
                raw.close()

    def close(self) -> None:
        """Close the kept connection (at shutdown, before the engine is disposed)."""
        with self._lock:
            self._closed = True
            self._drop()
