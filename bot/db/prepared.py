"""Statements compiled once per database and run on the driver's cursor: the registration path.

SQLAlchemy's execute path (execution context, events, result objects) cost more CPU per
registration than the statements themselves did (`bench/FINDINGS.md`). A `Prepared` statement
is still written with SQLAlchemy and compiled by it, once per dialect, with its bind and result
processors looked up once (so values are stored exactly as the ORM stores them: naive UTC
datetimes, JSON, booleans); each call only binds the values and runs the driver's cursor inside
the caller's transaction. PostgreSQL's driver prepares a statement run this often on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.expression import ClauseElement
from sqlalchemy.types import TypeEngine

Row = tuple[Any, ...]
_Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One statement compiled for one dialect, with everything a call needs looked up."""

    sql: str
    order: tuple[str, ...] | None
    """Parameter names in placeholder order for positional drivers (SQLite); None: named."""
    defaults: Mapping[str, Any]
    binds: Mapping[str, _Processor]
    results: tuple[_Processor | None, ...]

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        merged = {**self.defaults, **values}
        for name, process in self.binds.items():
            merged[name] = process(merged[name])
        if self.order is None:
            return merged
        return [merged[name] for name in self.order]

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
            if cursor.description is None:
                return []
            return [compiled.row(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = cast(SQLCompiler, self._statement.compile(dialect=dialect))
        binds: dict[str, _Processor] = {}
        defaults: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[name] = process
            if not bind.required:
                defaults[name] = bind.effective_value
        done = _Compiled(
            sql=compiled.string,
            order=tuple(compiled.positiontup or ()) if compiled.positional else None,
            defaults=defaults,
            binds=binds,
            results=tuple(
                kind.dialect_impl(dialect).result_processor(dialect, None)
                for kind in _result_types(self._statement)
            ),
        )
        self._by_dialect[dialect.name] = done
        return done


def _result_types(statement: ClauseElement) -> list[TypeEngine[Any]]:
    if isinstance(statement, Select):
        return [column.type for column in statement.selected_columns]
    if isinstance(statement, UpdateBase):
        return [described["type"] for described in statement.returning_column_descriptions]
    return []
