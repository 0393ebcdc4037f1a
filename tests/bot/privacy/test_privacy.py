"""Export, forget-everywhere, workspace removal and retention, on the real database."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import jsonschema
import pytest
from sqlalchemy import func, select

from adapters.console.delivery_log import FileNotifier, read_log
from bot.core.messages import Identity, Reply, Request
from bot.core.ports import Delivery
from bot.db.models import (
    Base,
    Installation,
    Interview,
    LinkCode,
    Nudge,
    PlatformIdentity,
    Unreachable,
    User,
)
from bot.interviews.service import NewInterview
from bot.services import Services
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services

SLACK = Identity("slack", "T1", "U1")
DISCORD = Identity("discord", "-", "42")
OTHER = Identity("slack", "T1", "U2")
SCHEMA = Path(__file__).resolve().parents[3] / "bot" / "privacy" / "export.schema.json"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))


@pytest.fixture
def services(db_url: str, clock: Clock) -> Iterator[Services]:
    built = build_services(db_url, clock=clock, plan=SHIPPED_PLAN)
    yield built
    built.close()


def link(services: Services, first: Identity, second: Identity) -> None:
    services.accounts.redeem(second, services.accounts.issue_code(first).code)


def counts(services: Services) -> dict[str, int]:
    with services.sessions() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def test_export_holds_everything_and_matches_the_schema(services: Services, clock: Clock) -> None:
    acme = services.tracker.register(
        SLACK, NewInterview("Acme", clock.now, interviewers=("Dana Lee",), role="Analyst")
    )
    link(services, SLACK, DISCORD)
    services.tracker.register(DISCORD, NewInterview("Globex", clock.now))
    services.tracker.record_outcome(
        SLACK, acme.id, "pending", decide_by=clock.now + timedelta(days=5)
    )
    reply = services.coach.handle(Request(DISCORD, text="export"))
    assert [f.filename.rsplit(".", 1)[1] for f in reply.files] == ["json", "ics"]
    document = json.loads(reply.files[0].content)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert {(i["platform"], i["user"]) for i in document["identities"]} == {
        ("slack", "U1"),
        ("discord", "42"),
    }
    by_company = {i["company"]: i for i in document["interviews"]}
    assert by_company["Acme"]["interviewers"] == ["Dana Lee"]
    assert by_company["Acme"]["outcome"] == "pending"
    assert by_company["Acme"]["nudges"]
    assert "180 days" in document["retention"]["policy"]
    assert "180 days" in reply.plain()

    calendar = icalendar.Calendar.from_ical(reply.files[1].content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(e["SUMMARY"]) for e in events}
    assert summaries == {"Follow-up reminder", "Decision expected"}
    text = reply.files[1].content.decode()
    for secret in ("Acme", "Globex", "Dana", "Analyst"):
        assert secret not in text
    pending = sum(1 for i in document["interviews"] for n in i["nudges"] if n["state"] == "pending")
    assert len(events) == pending + 1
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts[0] >= clock.now


def test_export_of_someone_new_is_empty_not_an_error(services: Services) -> None:
    document = services.privacy.export(OTHER).document
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["interviews"] == []


def test_forget_me_removes_every_row_across_linked_identities(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    services.tracker.register(SLACK, NewInterview("Acme", clock.now, interviewers=("Dana",)))
    link(services, SLACK, DISCORD)
    services.tracker.register(OTHER, NewInterview("Kept", clock.now))
    services.accounts.issue_code(DISCORD)
    with services.sessions.begin() as session:
        person = session.scalar(
            select(PlatformIdentity.user_id).where(PlatformIdentity.user_key == "42")
        )
        session.add(Unreachable(user_id=person, since=clock.now, reason="closed"))
    for key in ("installation:-:T1:user:U1", "installation:-:T1:user:U2", "bot:-:T1"):
        services.state.save_installation("slack", key, {"token": key})
    services.state.save_installation("slack", "installation:-:T1:users", {"users": ["U1", "U2"]})
    log = FileNotifier(tmp_path / "deliveries.jsonl")
    services.privacy.on_forget(log.forget)
    import asyncio

    for who in (SLACK, DISCORD, OTHER):
        asyncio.run(log.send(Delivery(1, who, Reply(text="Acme"), "k")))
    assert stat.S_IMODE(os.stat(log.path).st_mode) == 0o600

    before = counts(services)
    reply = services.coach.handle(Request(DISCORD, text="forget-me confirm"))
    assert "deleted everything" in reply.plain()
    after = counts(services)
    assert after["users"] == 1
    assert after["identities"] == 1
    assert after["interviews"] == 1
    assert after["nudges"] == before["nudges"] // 2
    assert after["unreachable"] == after["link_codes"] == after["link_attempts"] == 0
    assert services.state.load_installation("slack", "installation:-:T1:user:U1") is None
    assert services.state.load_installation("slack", "installation:-:T1:user:U2") is not None
    assert services.state.load_installation("slack", "bot:-:T1") is not None
    assert services.state.load_installation("slack", "installation:-:T1:users") == {"users": ["U2"]}
    assert [r["user"] for r in read_log(log.path)] == ["U2"]
    assert services.tracker.interviews(SLACK) == []
    assert [v.company for v in services.tracker.interviews(OTHER)] == ["Kept"]
    if services.engine.dialect.name == "sqlite":
        database = Path(str(services.engine.url.database))
        assert stat.S_IMODE(os.stat(database).st_mode) == 0o600
        wal = Path(f"{database}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert b"Dana" not in database.read_bytes()


def test_uninstalling_a_workspace_deletes_its_people_and_keeps_linked_ones_elsewhere(
    services: Services, clock: Clock
) -> None:
    services.tracker.register(SLACK, NewInterview("Acme", clock.now))
    services.tracker.register(OTHER, NewInterview("Globex", clock.now))
    link(services, OTHER, DISCORD)
    elsewhere = Identity("slack", "T9", "U1")
    services.tracker.register(elsewhere, NewInterview("Initech", clock.now))
    services.state.save_installation("slack", "bot:-:T1", {"token": "x"})
    services.state.save_installation("slack", "installation:-:T1:latest", {"token": "x"})
    services.state.save_installation("slack", "bot:-:T9", {"token": "y"})
    assert services.privacy.forget_workspace("slack", "T1") == 1
    assert services.tracker.interviews(SLACK) == []
    assert [v.company for v in services.tracker.interviews(DISCORD)] == ["Globex"]
    assert [v.company for v in services.tracker.interviews(elsewhere)] == ["Initech"]
    assert services.accounts.linked(DISCORD) == (DISCORD,)
    assert services.state.load_installation("slack", "bot:-:T1") is None
    assert services.state.load_installation("slack", "installation:-:T1:latest") is None
    assert services.state.load_installation("slack", "bot:-:T9") is not None
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 2
        assert session.scalar(select(func.count()).select_from(LinkCode)) == 0


def test_retention_deletes_closed_interviews_after_the_period_only(
    services: Services, clock: Clock
) -> None:
    closed = services.tracker.register(SLACK, NewInterview("Closed", clock.now, ("Dana",)))
    services.tracker.register(SLACK, NewInterview("Open", clock.now))
    services.tracker.record_outcome(SLACK, closed.id, "rejected")
    clock.advance(timedelta(days=179))
    assert services.privacy.sweep() == 0
    exported = services.privacy.export(SLACK).document
    gone = {i["company"]: i["deleted_after"] for i in exported["interviews"]}
    assert gone["Open"] is None
    assert gone["Closed"] is not None
    clock.advance(timedelta(days=2))
    assert services.privacy.sweep() == 1
    companies = [v.company for v in services.tracker.interviews(SLACK, include_closed=True)]
    assert companies == ["Open"]
    with services.sessions() as session:
        assert session.scalar(select(func.count()).where(Nudge.interview_id == closed.id)) == 0
        assert session.get(Interview, closed.id) is None


def test_retention_zero_keeps_everything(db_url: str, clock: Clock) -> None:
    built = build_services(db_url, clock=clock, plan=SHIPPED_PLAN)
    try:
        from bot.privacy.retention import Retention

        built.privacy.retention = Retention(0)
        view = built.tracker.register(SLACK, NewInterview("Closed", clock.now))
        built.tracker.record_outcome(SLACK, view.id, "offer")
        clock.advance(timedelta(days=3650))
        assert built.privacy.sweep() == 0
        assert (
            "kept until you delete" in built.privacy.export(SLACK).document["retention"]["policy"]
        )
    finally:
        built.close()


def test_installation_rows_are_never_matched_by_wildcards(services: Services) -> None:
    services.state.save_installation("slack", "installation:-:T1:user:U1", {"t": 1})
    services.privacy.forget_workspace("slack", "%")
    services.privacy.forget_workspace("slack", "_1")
    assert services.state.load_installation("slack", "installation:-:T1:user:U1") == {"t": 1}
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Installation)) == 1
