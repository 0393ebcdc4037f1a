"""Shared fixtures: the shipped advisor, a real SQLite file per test and a fresh PostgreSQL
database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advice.advisor import Advisor

PG_ADMIN = os.environ.get("AFTERVIEW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def advisor() -> Advisor:
    """The advisor over the shipped rulebook; read-only, so one serves every test."""
    return Advisor.from_dir()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLAlchemy URL for a SQLite file that lives as long as the test."""
    return f"sqlite:///{tmp_path / 'afterview.sqlite3'}"


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("AFTERVIEW_REQUIRE_PG"):
        pytest.fail(f"PostgreSQL is required (AFTERVIEW_REQUIRE_PG is set) but {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A SQLAlchemy URL for a new, empty PostgreSQL database, dropped after the test.

    Skips when the server does not answer, unless ``AFTERVIEW_REQUIRE_PG`` is set (CI), where
    a missing server fails the test instead of hiding it.
    """
    try:
        import psycopg
    except ImportError:
        _pg_unavailable("psycopg is not installed")
        raise
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        _pg_unavailable(str(error).strip())
        raise
    name = f"afterview_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        info = admin.info
        host, port, user = info.host, info.port, info.user
        try:
            yield f"postgresql+psycopg://{user}@{host}:{port}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Runs the test twice: on a SQLite file and on a fresh PostgreSQL database."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url
