"""A scratch PostgreSQL database for one benchmark, made on the test server and dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG_ADMIN = os.environ.get("AFTERVIEW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def scratch_database(prefix: str) -> Iterator[str | None]:
    """The SQLAlchemy URL of a new, empty database for the block, dropped afterwards; None,
    with a "skipped" line, when the server named by AFTERVIEW_TEST_PG_URL does not answer."""
    name = f"afterview_{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
        admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"postgresql: skipped ({str(error).strip()[:80]})")
        yield None
        return
    with admin:
        info = admin.info
        try:
            yield f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
