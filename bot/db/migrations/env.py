"""Alembic environment: uses the engine handed over by `bot.db.migrate`, or else the database
the app itself would open (`bot.config.Settings`, so the same default file and env files)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from bot.config import Settings
from bot.db.engine import make_engine
from bot.db.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    owned = engine is None
    if not isinstance(engine, Engine):
        engine = make_engine(Settings.from_env().database_url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # Batch mode rebuilds a table by dropping it; with foreign keys on, SQLite would
                # cascade that drop into every row that refers to it. Off outside a transaction.
                _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    context.configure(
                        connection=connection,
                        target_metadata=target_metadata,
                        render_as_batch=sqlite,
                    )
                    context.run_migrations()
                    if sqlite:
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                        if broken is not None:
                            raise RuntimeError(f"migration broke a foreign key: {tuple(broken)}")
            finally:
                if sqlite:
                    _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")
    finally:
        if owned:
            engine.dispose()


def _sqlite_pragma(connection: Connection, pragma: str) -> None:
    """Run a pragma on the driver connection itself, outside SQLAlchemy's transaction."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(pragma)


run_migrations()
