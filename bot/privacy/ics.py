"""Upcoming nudges and decision dates as an iCalendar file, with neutral titles.

A calendar is often shared or shown on a lock screen, so nothing in it names a company, an
interviewer or a role: "Follow-up reminder" and "Decision expected" are all it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from bot.db.models import Interview, NudgeState

PRODID = "-//Afterview//Export//EN"
REMINDER = "Follow-up reminder"
DECISION = "Decision expected"


def calendar_bytes(interviews: Sequence[Interview], now: datetime, domain: str) -> bytes:
    """Every pending nudge from `now` on, and every future decision date, as ``.ics`` bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    for interview in interviews:
        for nudge in interview.nudges:
            if nudge.state == NudgeState.PENDING.value and nudge.due_at >= now:
                cal.add_component(
                    _event(f"nudge-{nudge.delivery_key}@{domain}", REMINDER, nudge.due_at, now)
                )
        if interview.decide_by is not None and interview.decide_by >= now:
            uid = f"decision-{interview.id}-{interview.created_at:%Y%m%d%H%M%S}@{domain}"
            cal.add_component(_event(uid, DECISION, interview.decide_by, now))
    return bytes(cal.to_ical())


def _event(uid: str, summary: str, start: datetime, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=15))
    event.add("dtstamp", now)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    return event
