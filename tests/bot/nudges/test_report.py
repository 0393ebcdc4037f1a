from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.interviews.service import NewInterview
from bot.nudges.report import nudges_report
from tests.nudge_support import always_on, build_services, user


def test_reports_every_nudge_or_one_users_as_json_ready_rows(sqlite_url: str) -> None:
    services = build_services(sqlite_url)
    try:
        now = datetime.now(UTC)
        always_on(services, user("ada"))
        always_on(services, user("bob"))
        services.tracker.register(user("ada"), NewInterview("Acme", now))
        services.tracker.register(user("bob"), NewInterview("Globex", now))
        everyone = nudges_report(services, user=None)
        ada = nudges_report(services.sessions, user=user("ada"))
        assert len(everyone) == 2 * len(ada) > 0
        assert {r["user"] for r in ada} == {"ada"}
        row = ada[0]
        assert set(row) >= {
            "id",
            "interview",
            "company",
            "step",
            "state",
            "due",
            "attempts",
            "last_error",
            "delivered_at",
            "platform",
            "user",
        }
        assert row["company"] == "Acme"
        assert row["state"] == "pending"
        assert row["delivered_at"] is None
        assert datetime.fromisoformat(row["due"]).tzinfo is not None
        json.dumps(everyone)
        with services.sessions() as session:
            assert nudges_report(session, user=user("nobody")) == []
    finally:
        services.close()
