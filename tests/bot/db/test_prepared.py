"""Prepared statements store and read values exactly as the ORM does, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, bindparam, func, insert, select, text

from bot.db.engine import make_engine, make_sessions
from bot.db.migrate import upgrade
from bot.db.models import Interview, User
from bot.db.prepared import KeptReader, Prepared
from bot.db.types import UTCDateTime, utc_bind_processor

NOW = datetime(2026, 11, 18, 12, 0, 5, 123456, tzinfo=UTC)
_USERS = User.metadata.tables["users"]
_INTERVIEWS = Interview.metadata.tables["interviews"]

_INSERT_USER = Prepared(
    insert(_USERS)
    .values(
        timezone=bindparam("timezone", type_=_USERS.c.timezone.type),
        quiet_off=bindparam("quiet_off", type_=_USERS.c.quiet_off.type),
        weekends=bindparam("weekends", type_=_USERS.c.weekends.type),
        created_at=bindparam("created_at", type_=_USERS.c.created_at.type),
    )
    .returning(_USERS.c.id, _USERS.c.created_at, _USERS.c.quiet_off)
)
_INSERT_INTERVIEW = Prepared(
    insert(_INTERVIEWS)
    .values(
        {
            name: bindparam(name, type_=_INTERVIEWS.c[name].type)
            for name in ("user_id", "company", "at", "timezone", "interviewers", "status")
        }
        | {"created_at": bindparam("at", type_=_INTERVIEWS.c.at.type)}
    )
    .returning(_INTERVIEWS.c.id)
)
_BETWEEN = Prepared(
    select(_INTERVIEWS.c.id, _INTERVIEWS.c.at, _INTERVIEWS.c.interviewers)
    .where(
        _INTERVIEWS.c.user_id == bindparam("user_id"),
        _INTERVIEWS.c.at >= bindparam("start", type_=_INTERVIEWS.c.at.type),
        _INTERVIEWS.c.at <= bindparam("end", type_=_INTERVIEWS.c.at.type),
        func.lower(_INTERVIEWS.c.company) == "acme",
    )
    .order_by(_INTERVIEWS.c.id)
    .limit(5)
)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    built = make_engine(db_url)
    upgrade(built)
    yield built
    built.dispose()


def _user(engine: Engine, **values: object) -> int:
    with engine.begin() as conn:
        row = _INSERT_USER.first(
            conn,
            {"timezone": "Europe/Berlin", "quiet_off": True, "weekends": None, "created_at": NOW}
            | values,
        )
    assert row is not None
    return int(row[0])


def test_values_come_back_as_the_orm_reads_them(engine: Engine) -> None:
    user_id = _user(engine)
    with make_sessions(engine)() as session:
        stored = session.get(User, user_id)
    assert stored is not None
    assert stored.created_at == NOW
    assert stored.created_at.tzinfo is UTC
    assert stored.quiet_off is True
    assert stored.weekends is None
    assert stored.timezone == "Europe/Berlin"


def test_returned_rows_go_through_the_column_types(engine: Engine) -> None:
    with engine.begin() as conn:
        row = _INSERT_USER.first(
            conn, {"timezone": None, "quiet_off": False, "weekends": True, "created_at": NOW}
        )
    assert row is not None
    _, created_at, quiet_off = row
    assert created_at == NOW
    assert created_at.tzinfo is UTC
    assert quiet_off is False


def test_a_parameter_used_twice_and_literal_values_are_bound(engine: Engine) -> None:
    user_id = _user(engine)
    other = _user(engine)
    with engine.begin() as conn:
        for who, company, hours in ((user_id, "ACME", 0), (user_id, "Acme", 5), (other, "acme", 0)):
            values = {
                "user_id": who,
                "company": company,
                "at": NOW + timedelta(hours=hours),
                "timezone": "UTC",
                "interviewers": ["Dana Lee", 'O"Neil'],
                "status": "active",
            }
            _INSERT_INTERVIEW.rows(conn, values)
        found = _BETWEEN.rows(
            conn, {"user_id": user_id, "start": NOW - timedelta(hours=1), "end": NOW}
        )
    assert len(found) == 1
    _, at, interviewers = found[0]
    assert at == NOW
    assert interviewers == ["Dana Lee", 'O"Neil']


def test_a_write_without_returning_gives_no_rows(engine: Engine) -> None:
    user_id = _user(engine)
    touch = Prepared(
        _USERS.update()
        .where(_USERS.c.id == bindparam("user_id"))
        .values(timezone=bindparam("zone", type_=_USERS.c.timezone.type))
    )
    with engine.begin() as conn:
        assert touch.rows(conn, {"user_id": user_id, "zone": "Asia/Tokyo"}) == []
    with make_sessions(engine)() as session:
        stored = session.get(User, user_id)
    assert stored is not None
    assert stored.timezone == "Asia/Tokyo"


def test_a_naive_datetime_is_refused_as_by_the_orm(engine: Engine) -> None:
    with pytest.raises(ValueError, match="naive"):
        _user(engine, created_at=NOW.replace(tzinfo=None))


def test_rolled_back_with_the_callers_transaction(engine: Engine) -> None:
    before = _count_users(engine)
    values = {"timezone": None, "quiet_off": False, "weekends": None, "created_at": NOW}

    def fails_after_the_insert() -> None:
        with engine.begin() as conn:
            _INSERT_USER.rows(conn, values)
            raise RuntimeError("the caller's work failed")

    with pytest.raises(RuntimeError):
        fails_after_the_insert()
    assert _count_users(engine) == before


def _count_users(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(_USERS)) or 0)


def test_a_read_runs_outside_any_transaction_and_does_not_wait_for_a_writer(
    engine: Engine,
) -> None:
    user_id = _user(engine)
    read = Prepared(select(_USERS.c.timezone).where(_USERS.c.id == bindparam("user_id")))
    # Another connection holds the write lock (on SQLite every transaction here begins
    # IMMEDIATE); a read in a transaction of its own would wait for it, this one does not.
    with engine.begin() as writer:
        writer.execute(_USERS.update().values(timezone="Asia/Tokyo"))
        assert read.read(engine, {"user_id": user_id}) == [("Europe/Berlin",)]
    assert read.read(engine, {"user_id": user_id}) == [("Asia/Tokyo",)]
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_the_kept_reader_reads_as_the_pool_does_on_one_kept_connection(engine: Engine) -> None:
    user_id = _user(engine)
    read = Prepared(select(_USERS.c.timezone).where(_USERS.c.id == bindparam("user_id")))
    reader = KeptReader(engine)
    try:
        with engine.begin() as writer:  # a writer holds the lock: the kept read does not wait
            writer.execute(_USERS.update().values(timezone="Asia/Tokyo"))
            assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
            assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]  # the writer
        kept = reader._raw
        assert kept is not None
        assert reader.rows(read, {"user_id": user_id}) == [("Asia/Tokyo",)]
        assert reader._raw is kept
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        reader.close()
    assert reader._raw is None
    assert reader.rows(read, {"user_id": user_id}) == [("Asia/Tokyo",)]  # closed: the pool's


def test_the_kept_reader_uses_the_pool_when_busy_and_a_new_connection_after_a_failure(
    engine: Engine,
) -> None:
    user_id = _user(engine)
    read = Prepared(select(_USERS.c.timezone).where(_USERS.c.id == bindparam("user_id")))
    reader = KeptReader(engine)
    try:
        assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
        with reader._lock:  # another thread is reading on it
            assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
        broken = reader._raw
        assert broken is not None
        broken.dbapi_connection.close()  # type: ignore[union-attr]  # as a dropped connection
        assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
        assert reader._raw is None
        assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
        assert reader._raw is not None
        assert reader._raw is not broken
    finally:
        reader.close()


def test_an_in_memory_database_is_read_on_the_pool() -> None:
    memory = make_engine("sqlite://")
    try:
        upgrade(memory)
        user_id = _user(memory)
        read = Prepared(select(_USERS.c.timezone).where(_USERS.c.id == bindparam("user_id")))
        reader = KeptReader(memory)
        assert reader.rows(read, {"user_id": user_id}) == [("Europe/Berlin",)]
        assert reader._raw is None
        reader.close()
    finally:
        memory.dispose()


def test_timestamps_are_bound_as_sqlalchemy_binds_them(engine: Engine) -> None:
    """The prepared statements' one-step binding of `UTCDateTime` gives what the type's own
    chain of processors gives, for the dialect in use."""
    dialect = engine.dialect
    column = UTCDateTime()
    theirs = column.dialect_impl(dialect).bind_processor(dialect)
    ours = utc_bind_processor(dialect)
    assert theirs is not None
    assert ours is not None
    zones = (UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30)))
    moments = [
        datetime(2026, 11, 18, 12, 0, tzinfo=UTC),
        NOW,
        datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=UTC),
        datetime(1, 1, 2, 0, 0, 0, 1, tzinfo=UTC),
        datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC),
    ]
    for moment in moments:
        for zone in zones:
            assert ours(moment.astimezone(zone)) == theirs(moment.astimezone(zone))
    assert ours(None) is theirs(None) is None
    with pytest.raises(ValueError, match="naive"):
        ours(NOW.replace(tzinfo=None))


def test_a_plain_text_statement_is_asked_whether_it_returned_rows(engine: Engine) -> None:
    user_id = _user(engine)
    read = Prepared(text("SELECT timezone FROM users WHERE id = :user_id"))
    write = Prepared(text("UPDATE users SET timezone = :zone WHERE id = :user_id"))
    with engine.begin() as conn:
        assert write.rows(conn, {"user_id": user_id, "zone": "Asia/Tokyo"}) == []
        assert read.rows(conn, {"user_id": user_id}) == [("Asia/Tokyo",)]
