"""The "Register an interview" form: what `/interviewed` opens when it is given nothing.

Its answers come back as fields named after its inputs; `form_fields` turns the date and the
time into the one ``when`` the time grammar reads, so a picked ``2026-11-20`` + ``14:00`` and
a typed ``yesterday`` + ``3pm`` are understood alike. A problem with the answers is pinned to
the input it concerns, so a dialog that is still open can show it there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from bot.core.messages import Form, Input, InputKind
from bot.interviews import limits
from bot.interviews.when import ParseProblem

COMMAND = "interviewed"
COMPANY, DATE, TIME, INTERVIEWER, ROLE = "company", "date", "time", "interviewer", "role"
FORM_INPUTS = frozenset({DATE, TIME})
"""Fields only this form sends: their presence says a request is a form's answer."""


def interview_form(today: date) -> Form:
    """The form, its date set to `today` (the user's own day)."""
    return Form(
        title="Register an interview",
        command=COMMAND,
        submit="Register",
        inputs=(
            Input(COMPANY, "Company", placeholder="Acme", max_length=limits.COMPANY_MAX),
            Input(DATE, "Day", InputKind.DATE, initial=today.isoformat(), max_length=40),
            Input(TIME, "Time", InputKind.TIME, placeholder="15:00", max_length=40),
            interviewers_input(),
            role_input(),
        ),
    )


def interviewers_input(initial: str = "") -> Input:
    """The optional interviewers input, shared by every form that asks for them."""
    return Input(
        INTERVIEWER,
        "Interviewers",
        required=False,
        initial=initial,
        placeholder="Dana Lee, Sam Roe",
        max_length=limits.NAME_MAX * limits.NAMES_MAX,
    )


def role_input(initial: str = "") -> Input:
    """The optional role input, shared by every form that asks for it."""
    return Input(
        ROLE,
        "Role",
        required=False,
        initial=initial,
        placeholder="Data Engineer",
        max_length=limits.ROLE_MAX,
    )


def is_form_answer(fields: Mapping[str, str]) -> bool:
    return any(name in fields for name in FORM_INPUTS)


def form_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """The parser's fields for a form's answer: the day and the time joined into ``when``."""
    read = {k: v for k, v in fields.items() if k not in FORM_INPUTS}
    when = " ".join(fields[name].strip() for name in (DATE, TIME) if fields.get(name, "").strip())
    if when:
        read["when"] = when
    return read


def invalid_inputs(
    problem: ParseProblem, fields: Mapping[str, str], day_reads: Callable[[str], bool]
) -> tuple[tuple[str, str], ...]:
    """The input a problem concerns, with its message. A problem with when is the time's if
    the day alone reads (`day_reads`, given the day's text) or no time was given, else the
    day's."""
    if problem.field != "when":
        return ((COMPANY, problem.message),)
    day, time = fields.get(DATE, "").strip(), fields.get(TIME, "").strip()
    if not time or (day and day_reads(day)):
        return ((TIME, problem.message),)
    return ((DATE, problem.message),)
