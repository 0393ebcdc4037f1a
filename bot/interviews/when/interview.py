"""The whole ``/interviewed`` line: company, time, interviewers and role, checked.

Has no safety net of its own; `parse_interview` in the package wraps it, so a bug here shows up
as an exception in tests rather than as a silent wrong answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from bot.interviews.limits import COMPANY_MAX, DISTANCE_MAX, LINE_MAX
from bot.interviews.when.choices import ask_time
from bot.interviews.when.clauses import _flatten, _names, _quoted_company, _role, _split_clauses
from bot.interviews.when.locate import _find_when
from bot.interviews.when.problems import _problem_company, _problem_when, _quote
from bot.interviews.when.resolve import _resolve
from bot.interviews.when.tokens import HEAD_CLAUSE_WORDS, TRIM, clean_text, split_tokens
from bot.interviews.when.values import (
    InterviewDetails,
    ParseProblem,
    describe_time,
)


def _parse(
    text: str, *, now: datetime, tz: ZoneInfo, fields: Mapping[str, str] | None
) -> InterviewDetails | ParseProblem:
    fields = {k: clean_text(v) for k, v in (fields or {}).items() if isinstance(v, str)}
    fields = {k: v for k, v in fields.items() if v}
    line = clean_text(text or "")
    if len(line) > LINE_MAX or any(len(v) > LINE_MAX for v in fields.values()):
        return ParseProblem(
            "text",
            f"That's longer than I can read ({LINE_MAX} characters at most). Just the company, "
            "when, and who you met is enough.",
        )
    company: str | None = fields.get("company")
    quoted = ""
    if company is None:
        company, line = _quoted_company(line)
        quoted = f'"{company}" ' if company else ""
    when_text = fields.get("when")
    if when_text is not None:
        # Discord gave the time separately: the text holds at most the company and clauses.
        found = _find_when(when_text, company_known=True)
        words = [t.raw for t in split_tokens(line)]
        if company is None:
            head, clauses = _split_clauses(words)
            company = " ".join(head)
            words = _flatten(clauses)
        found.rest = words
    else:
        found = _find_when(line, company_known=company is not None)
        if company is None:
            company = found.company
    if not company:
        return _problem_company(line)
    company = company.strip(TRIM)
    if company.lower().startswith("at ") and len(company) > 3:
        company = company[3:].strip(TRIM)
    if not company:
        return _problem_company(line)
    if len(company) > COMPANY_MAX:
        return ParseProblem(
            "company",
            f"That company name is longer than {COMPANY_MAX} characters: "
            f"{_quote(company)}. Put it in quotes if it really is that long, or shorten it.",
        )
    if found.expr is None:
        return _problem_when(when_text if when_text is not None else line, found.tokens)
    if found.expr.problem is not None:
        return ParseProblem("when", found.expr.problem)
    resolved = _resolve(found.expr, now, tz)
    if isinstance(resolved, str):
        return ParseProblem("when", resolved)
    at, assumed = resolved
    if abs(at - now) > DISTANCE_MAX:
        return ParseProblem(
            "when",
            f"{describe_time(at)} is more than a year from today; could you check the year?",
        )
    head, clauses = _split_clauses(["-", *found.rest])
    stray = " ".join(head[1:])
    if assumed and any(ch.isdigit() for ch in stray):
        return ParseProblem(
            "when",
            f"I couldn't tell the time of day from {_quote(stray)}. Add it like 3pm or 15:00.",
        )
    if assumed:
        asked = ask_time(
            day=at,
            part=found.expr.assumed,
            now=now.astimezone(tz),
            before_now=found.expr.before_now,
            line=None if when_text is not None else quoted + line,
            tokens=found.tokens,
            end=found.expr.end,
            shift=len(quoted),
        )
        # Offer only lines that really register (a choice carries a clock, so no recursion).
        sound = tuple(
            (label, choice)
            for label, choice in asked.choices
            if isinstance(_parse(choice, now=now, tz=tz, fields=None), InterviewDetails)
        )
        return replace(asked, choices=sound)
    interviewers: tuple[str, ...] = ()
    role: str | None = None
    for keyword, words in clauses:
        if keyword in HEAD_CLAUSE_WORDS and not interviewers:
            interviewers = _names(words)
        elif keyword in ("for", "as") and role is None:
            role = _role(words)
    if "interviewer" in fields:
        interviewers = _names(fields["interviewer"].split())
    if "role" in fields:
        role = _role(fields["role"].split())
    understood = describe_time(at)
    if found.expr.zone is not None and at.utcoffset() != at.astimezone(found.expr.zone).utcoffset():
        understood += (
            f" ({at.astimezone(found.expr.zone):%H:%M} {_zone_label(found.expr.zone, at)})"
        )
    if assumed:
        understood += f" (no time of day given, so I assumed {at:%H:%M}; add one to be exact)"
    return InterviewDetails(
        company=company,
        at=at,
        interviewers=interviewers,
        role=role,
        understood=understood,
        assumed_time=assumed,
        assumed=tuple(dict.fromkeys(found.expr.notes)),
    )


def _zone_label(zone: tzinfo, at: datetime) -> str:
    return str(zone.key) if isinstance(zone, ZoneInfo) else (zone.tzname(at) or "")
