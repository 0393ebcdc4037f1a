"""Open the store at start: connect, check a SQLite file's integrity, migrate.

Whatever goes wrong becomes one `StartupError` that says what is wrong and what to do, so an
operator sees ``afterview: ...`` instead of a driver's traceback, and a damaged SQLite file
is caught before the first nudge rather than after hundreds of failed passes.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from bot.core.ports import StartupError
from bot.db.engine import make_engine
from bot.db.migrate import upgrade

CONNECT_TIMEOUT = 10
"""Seconds a PostgreSQL connection may take before the start gives up on it."""
QUICK_CHECK_ROWS = 5
"""How many of SQLite's integrity findings to quote."""


def open_database(url: str) -> Engine:
    """A migrated engine for `url`, or `StartupError` (blocking: call it in a thread)."""
    parsed = _parse(url)
    options: dict[str, object] = {}
    if parsed.get_backend_name() == "postgresql":
        _need_psycopg()
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    try:
        engine = make_engine(url, **options)
    except (ArgumentError, NoSuchModuleError) as error:
        raise StartupError(f"AFTERVIEW_DATABASE_URL is not usable: {error}") from None
    except OSError as error:
        raise StartupError(f"cannot create the database's directory: {error}") from None
    try:
        if engine.dialect.name == "sqlite":
            _check_sqlite(engine, parsed)
        else:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        upgrade(engine)
    except StartupError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as error:
        engine.dispose()
        raise StartupError(explain(error, parsed)) from None
    return engine


def explain(error: BaseException, url: URL) -> str:
    """One line for the operator about a database failure at start."""
    detail = str(error.orig if isinstance(error, DBAPIError) else error).strip()
    first = detail.splitlines()[0] if detail else type(error).__name__
    if url.get_backend_name() == "sqlite":
        where = _sqlite_path(url)
        if "readonly" in first or "read-only" in first:
            return (
                f"the SQLite file {where} is read-only ({first}): make it and its directory "
                "writable by this user"
            )
        if "not a database" in first or "malformed" in first:
            return damaged(where, first)
        return f"cannot use the SQLite file {where}: {first}"
    where = url.render_as_string(hide_password=True)
    return (
        f"cannot use PostgreSQL at {where}: {first} (is the server running, and do the user, "
        "password and database in AFTERVIEW_DATABASE_URL exist?)"
    )


def damaged(where: str, finding: str) -> str:
    return (
        f"the SQLite file {where} is damaged ({finding}). Stop every Afterview process, keep a "
        f"copy of the file, then restore your last backup, or salvage it with "
        f"`sqlite3 {where} .recover | sqlite3 {where}.recovered` and point "
        "AFTERVIEW_DATABASE_URL at the recovered file"
    )


def _check_sqlite(engine: Engine, url: URL) -> None:
    """``PRAGMA quick_check``: the structure of every page, without the slower index check."""
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA quick_check").all()
    findings = [str(row[0]) for row in rows]
    if findings != ["ok"]:
        shown = "; ".join(findings[:QUICK_CHECK_ROWS])
        more = len(findings) - QUICK_CHECK_ROWS
        raise StartupError(
            damaged(_sqlite_path(url), shown + (f"; and {more} more" if more > 0 else ""))
        )


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StartupError("AFTERVIEW_DATABASE_URL is not a database URL") from None


def _need_psycopg() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StartupError(
            "AFTERVIEW_DATABASE_URL names PostgreSQL but its driver is not installed: "
            "pip install 'afterview[postgres]'"
        ) from None


def _sqlite_path(url: URL) -> str:
    return str(Path(url.database or "").expanduser())
