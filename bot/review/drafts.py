"""Drafts that start a note off, filled in with what was captured at `/interviewed`.

The wording is data (`rules/review/drafts.yaml`); what the person typed (names, company, role,
topics) is tidied and clipped before it goes in, and is never read as a template itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.review.checkfile import DraftSpec

TOPICS_MAX = 3
TOPIC_CHARS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})


@dataclass(frozen=True, slots=True)
class Draft:
    """One note to send: who it is for and its text."""

    to: str
    text: str


def tidy(text: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())[:limit].strip()


def first_name(name: str) -> str:
    words = [w for w in tidy(name, 60).split() if w.lower().rstrip(".") not in _TITLES]
    return words[0] if words else tidy(name, 60)


def role_phrase(role: str | None) -> str:
    if not role:
        return "the role"
    role = tidy(role, 80)
    lowered = role.lower()
    if lowered.startswith(("the ", "a ", "an ")):
        return role
    if lowered.endswith(("role", "position", "job")):
        return f"the {role}"
    return f"the {role} role"


def joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def write_drafts(
    spec: DraftSpec,
    company: str,
    interviewers: tuple[str, ...],
    role: str | None,
    topics: tuple[str, ...] = (),
) -> list[Draft]:
    """The notes for one interview: one per interviewer for a thank-you, else one."""
    company = tidy(company, 100)
    picked = [t for t in (tidy(t, TOPIC_CHARS) for t in topics) if t][:TOPICS_MAX]
    values = {"company": company, "role": role_phrase(role), "topics": joined(picked)}
    detail = (spec.topics if picked else spec.detail).format_map(values)
    people = [tidy(n, 60) for n in interviewers if tidy(n, 60)]
    recipients = people if spec.per_interviewer else people[:1]
    if not recipients:
        text = spec.text.format_map(
            {**values, "detail": detail, "greeting_name": f"{company} team"}
        )
        return [Draft(f"the {company} team", text)]
    return [
        Draft(
            person,
            spec.text.format_map({**values, "detail": detail, "greeting_name": first_name(person)}),
        )
        for person in recipients
    ]
