"""Alembic environment: uses the engine handed over by `bot.db.migrate`, or else the database
the app itself would open (`bot.config.Settings`, so the same default file and env files)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

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
        with engine.begin() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
            )
            context.run_migrations()
    finally:
        if owned:
            engine.dispose()


run_migrations()
