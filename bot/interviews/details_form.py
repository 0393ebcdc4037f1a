"""The "Add interviewers and role" button on a registration that lacks them, and its form.

A registration given only a company and a time (Discord's ``/interviewed`` with its two
required options) is answered with this button; it opens a two-input form whose answer runs
the same ``edit`` as ``edit I12 with NAMES`` and ``edit I12 role ROLE``, so the details are
read, checked and stored one way only. The interview travels as a hidden field; the edit
itself refuses an interview that is not the submitter's.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.messages import Button, Form
from bot.interviews.form import INTERVIEWER, ROLE, interviewers_input, role_input
from bot.interviews.ids import interview_label
from bot.interviews.service import InterviewView

ACTION_PREFIX = "details"
ACTION = f"{ACTION_PREFIX}.add"
LABEL = "Add interviewers and role"
COMMAND = "edit"
INTERVIEW = "interview"


def lacks_details(view: InterviewView) -> bool:
    return not view.interviewers or not view.role


def details_button(view: InterviewView) -> Button:
    return Button(LABEL, ACTION, str(view.id))


def details_form(view: InterviewView) -> Form:
    """The form for `view`, filled in with what it already has."""
    return Form(
        title=LABEL,
        command=COMMAND,
        submit="Save",
        fields=((INTERVIEW, str(view.id)),),
        inputs=(
            interviewers_input(", ".join(view.interviewers)),
            role_input(view.role or ""),
        ),
    )


def is_details_answer(rest: str, fields: Mapping[str, str]) -> bool:
    """Whether an ``edit`` request is this form's answer rather than a typed edit."""
    return not rest.strip() and INTERVIEW in fields


def details_edits(interview_id: int, fields: Mapping[str, str]) -> list[str]:
    """The typed ``edit`` lines the answer stands for, e.g. ``I12 with Dana Lee``."""
    label = interview_label(interview_id)
    lines = []
    if fields.get(INTERVIEWER, "").strip():
        lines.append(f"{label} with {fields[INTERVIEWER]}")
    if fields.get(ROLE, "").strip():
        lines.append(f"{label} role {fields[ROLE]}")
    return lines
