"""Shared helpers for the plan, plan-file and calendar tests: tiny plans and preferences."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.interviews.outcomes import OUTCOMES
from bot.nudges.calendar import Preferences
from bot.nudges.plan import Plan
from bot.nudges.plan_file import parse_plan

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC_ZONE = ZoneInfo("UTC")
OUTCOME_DATA = {o: {"title": o, "why": "because", "do": "this"} for o in OUTCOMES}


def anytime(zone: ZoneInfo = UTC_ZONE) -> Preferences:
    """Preferences that never move a nudge."""
    return Preferences(timezone=zone, quiet_start=time(0, 0), quiet_end=time(0, 0), weekends=True)


def step(step_id: str = "s", **extra: Any) -> dict[str, Any]:
    """One valid plan step as YAML data, with `extra` fields replacing the defaults."""
    data: dict[str, Any] = {
        "id": step_id,
        "title": "Title",
        "why": "Why",
        "do": "Do",
        "controls": ["done"],
        "grace": "1d",
        "due": {"after": "1h"},
    }
    data.update(extra)
    return data


def plan_of(*steps: dict[str, Any]) -> Plan:
    return parse_plan({"steps": list(steps), "outcomes": OUTCOME_DATA}, origin="test.yaml")


def local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def clock_minutes(value: int) -> time:
    """A time of day from minutes after midnight (what hypothesis draws)."""
    return time(value // 60, value % 60)


def is_quiet(moment: datetime, prefs: Preferences) -> bool:
    """Inside quiet hours, computed independently of the code under test."""
    t = moment.astimezone(prefs.timezone).time()
    start, end = prefs.quiet_start, prefs.quiet_end
    if start == end:
        return False
    return start <= t < end if start < end else (t >= start or t < end)


def allowed(moment: datetime, prefs: Preferences) -> bool:
    """Outside quiet hours and (unless allowed) weekends."""
    weekend = moment.astimezone(prefs.timezone).weekday() >= 5
    return not is_quiet(moment, prefs) and (prefs.weekends or not weekend)
