"""Alembic environment: uses the engine handed over by `bot.db.migrate`, or the URL in env."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Engine

from bot.db.engine import make_engine
from bot.db.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    owned = engine is None
    if not isinstance(engine, Engine):
        engine = make_engine(os.environ.get("AFTERVIEW_DATABASE_URL", "sqlite:///afterview.db"))
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
