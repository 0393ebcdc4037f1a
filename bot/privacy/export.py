"""Everything stored about a person, as one JSON document (schema ``afterview.export/1``).

The document is complete on purpose: every linked identity, the preferences, every interview
(closed ones too) with its interviewer names, outcome and decision date, and every nudge with
its state and times; and when retention will delete each closed interview.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.db.interviews import OPEN_STATES
from bot.db.models import Interview, PlatformIdentity, User
from bot.db.privacy import interview_last_activity
from bot.privacy.retention import Retention

SCHEMA = "afterview.export/1"


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_document(
    person: User,
    identities: Sequence[PlatformIdentity],
    interviews: Sequence[Interview],
    *,
    retention: Retention,
    now: datetime,
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "exported_at": now.isoformat(),
        "identities": [
            {"platform": i.platform, "workspace": i.workspace, "user": i.user_key}
            for i in identities
        ],
        "preferences": {
            "timezone": person.timezone,
            "quiet_start": person.quiet_start,
            "quiet_end": person.quiet_end,
            "quiet_off": person.quiet_off,
            "weekends": person.weekends,
            "nudges_to": person.nudges_to,
        },
        "interviews": [_interview(i, retention) for i in interviews],
        "retention": {"days": retention.days, "policy": retention.describe()},
        "created_at": person.created_at.isoformat(),
    }


def _interview(interview: Interview, retention: Retention) -> dict[str, Any]:
    nudges = list(interview.nudges)
    closed = not any(n.state in OPEN_STATES for n in nudges)
    last = interview_last_activity(interview)
    deleted_after = retention.deleted_after(last) if closed else None
    return {
        "id": interview.id,
        "company": interview.company,
        "at": interview.at.isoformat(),
        "timezone": interview.timezone,
        "interviewers": list(interview.interviewers or ()),
        "role": interview.role,
        "status": interview.status,
        "outcome": interview.outcome,
        "decide_by": _time(interview.decide_by),
        "created_at": interview.created_at.isoformat(),
        "closed": closed,
        "deleted_after": _time(deleted_after),
        "nudges": [
            {
                "id": n.id,
                "step": n.step_id,
                "state": n.state,
                "platform": n.platform,
                "due_at": n.due_at.isoformat(),
                "planned_at": n.planned_at.isoformat(),
                "sent_at": _time(n.sent_at),
                "attempts": n.attempts,
                "note": n.note,
                "last_error": n.last_error,
            }
            for n in nudges
        ],
    }


def export_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
