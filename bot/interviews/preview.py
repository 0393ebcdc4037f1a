"""What ``/interviewed`` would register, without saving anything: `afterview plan --json`.

Scripts and users call it to check how a line is read and when the nudges would come. The keys
are a contract and stay stable: ``company``, ``interviewers``, ``role``, ``when`` (ISO 8601 with
offset), ``assumed`` (the readings stated back), ``question`` (null, or what would be asked
instead of registering) and ``nudges`` (``step`` and ``due``, ISO 8601 with offset, in order).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.interviews.args import new_interview
from bot.interviews.when import ParseProblem, parse_interview
from bot.nudges.calendar import Preferences
from bot.nudges.plan import Plan, plan_nudges

KEYS = ("company", "interviewers", "role", "when", "assumed", "question", "nudges")


def preview(text: str, *, now: datetime, zone: ZoneInfo, plan: Plan) -> dict[str, Any]:
    """The preview of one line for a user in ``zone`` with the default quiet hours."""
    parsed = parse_interview(text, now=now, tz=zone)
    if isinstance(parsed, ParseProblem):
        return _answer(question=parsed.message)
    tidied = new_interview(parsed)
    if tidied is None:
        return _answer(question="Which company was the interview with?")
    interview, notes = tidied
    prefs = Preferences(timezone=zone)
    planned = plan_nudges(interview.at, prefs, plan, now=now)
    return _answer(
        company=interview.company,
        interviewers=list(interview.interviewers),
        role=interview.role,
        when=interview.at.astimezone(zone).isoformat(),
        assumed=[*parsed.assumed, *notes],
        nudges=[{"step": p.step.id, "due": p.due.astimezone(zone).isoformat()} for p in planned],
    )


def _answer(
    *,
    company: str | None = None,
    interviewers: list[str] | None = None,
    role: str | None = None,
    when: str | None = None,
    assumed: list[str] | None = None,
    question: str | None = None,
    nudges: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "company": company,
        "interviewers": interviewers or [],
        "role": role,
        "when": when,
        "assumed": assumed or [],
        "question": question,
        "nudges": nudges or [],
    }
