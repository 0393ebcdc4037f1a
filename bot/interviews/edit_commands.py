"""The ``edit`` and ``round`` commands: fix a registered interview, or add another round.

``edit I12 time tomorrow 3pm`` (or ``company``, ``with``, ``role``) changes one detail and shows
the interview again with its nudges where they now are; ``round I12 next tuesday 10am``
registers the next round of the same process (same company, people and role unless given).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.core.coach import Coach, Command
from bot.core.messages import Action, Reply, Request, Section, Tone
from bot.interviews.args import new_interview
from bot.interviews.details_form import (
    ACTION_PREFIX,
    INTERVIEW,
    LABEL,
    details_edits,
    details_form,
    is_details_answer,
)
from bot.interviews.editing import Change, Edited, edit_interview
from bot.interviews.ids import interview_label, nudge_label, read_interview_id
from bot.interviews.replies import problem_reply, refusal, registered_reply, usage
from bot.interviews.service import Tracker
from bot.interviews.when import InterviewDetails, ParseProblem, parse_interview
from bot.nudges.reply import local_label

EDIT_EXAMPLES = (
    "edit I12 time tomorrow 3pm",
    "edit I12 company Globex",
    "edit I12 with Dana Lee, Sam Roe",
    "edit I12 role Data Analyst",
)
ROUND_EXAMPLES = ("round I12 next tuesday 10am", "round I12 friday 2pm with Ana Ruiz")
_FIELDS = {
    "time": "at", "when": "at", "date": "at", "at": "at",
    "company": "company", "employer": "company",
    "with": "interviewers", "interviewers": "interviewers", "interviewer": "interviewers",
    "names": "interviewers",
    "role": "role", "for": "role", "as": "role", "position": "role",
}  # fmt: skip
_NAMES = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)


class EditCommands:
    def __init__(
        self,
        tracker: Tracker,
        *,
        parse: Callable[..., InterviewDetails | ParseProblem] = parse_interview,
    ) -> None:
        self.tracker = tracker
        self._parse = parse

    def install(self, coach: Coach) -> None:
        coach.register(
            Command(
                "edit",
                "edit I12 time|company|with|role VALUE",
                "change a registered interview; its nudges move with a new time",
                self.edit,
                examples=EDIT_EXAMPLES[:1],
            )
        )
        coach.register(
            Command(
                "round",
                "round I12 WHEN [with NAME]",
                "register another round of the same process",
                self.round,
                aliases=("another-round",),
            )
        )
        coach.on_action(ACTION_PREFIX, self.on_details)

    def _time(self, request: Request, company: str, text: str) -> datetime | Reply:
        zone = self.tracker.preferences(request.who, request.tz_hint).timezone
        parsed = self._parse(
            "", now=self.tracker.now(), tz=zone, fields={"company": company, "when": text}
        )
        return problem_reply(parsed) if isinstance(parsed, ParseProblem) else parsed.at

    def on_details(self, request: Request, action: Action) -> Reply:
        """The "Add interviewers and role" button: its form, for an interview of the user's."""
        interview_id = read_interview_id(action.value)
        current = (
            None if interview_id is None else self.tracker.interview(request.who, interview_id)
        )
        if interview_id is None or current is None or current.status != "active":
            return refusal("that active interview")
        return Reply(text=LABEL, form=details_form(current), tone=Tone.INFO)

    def _edit_details(self, request: Request) -> Reply:
        """The details form's answer: each given detail is one ``edit``, in turn."""
        interview_id = read_interview_id(request.fields[INTERVIEW])
        if interview_id is None:
            return refusal("that active interview")
        lines = details_edits(interview_id, request.fields)
        if not lines:
            return usage(
                "Nothing to add yet. Type the interviewers, the role or both:", EDIT_EXAMPLES[2:]
            )
        typed = Request(who=request.who, text="", command="edit", tz_hint=request.tz_hint)
        reply = refusal("that active interview")
        for line in lines:
            reply = self.edit(typed, line)
            if reply.tone is not Tone.OK:
                return reply
        return reply

    def edit(self, request: Request, rest: str) -> Reply:
        if is_details_answer(rest, request.fields):
            return self._edit_details(request)
        words = rest.split(maxsplit=2)
        interview_id = read_interview_id(words[0]) if words else None
        field = _FIELDS.get(words[1].lower()) if len(words) > 1 else None
        value = " ".join(words[2].split()) if len(words) > 2 else ""
        if interview_id is None or field is None or (not value and field != "role"):
            return usage("What should I change? For example:", EDIT_EXAMPLES)
        current = self.tracker.interview(request.who, interview_id)
        if current is None or current.status != "active":
            return refusal(f"an active interview {interview_label(interview_id)}")
        change: Change
        if field == "at":
            at = self._time(request, current.company, value)
            if isinstance(at, Reply):
                return at
            change = Change(at=at)
        elif field == "company":
            change = Change(company=value)
        elif field == "interviewers":
            change = Change(interviewers=tuple(n for n in _NAMES.split(value) if n))
        else:
            change = Change(role=value)
        edited = edit_interview(self.tracker, request.who, interview_id, change)
        if edited is None:
            return refusal(f"an active interview {interview_label(interview_id)}")
        return self._edited_reply(edited)

    def _edited_reply(self, edited: Edited) -> Reply:
        view, now = edited.interview, self.tracker.now()
        headline = (
            f"Updated {interview_label(view.id)}: {view.company} — "
            f"{local_label(view.at, view.zone, now)}"
        )
        if view.interviewers:
            headline += ", with " + ", ".join(view.interviewers)
        if view.role:
            headline += f" (for {view.role})"
        lines = [
            f"{nudge_label(n.id)} {local_label(n.due_at, view.zone, now)} — {n.title}"
            for n in view.upcoming
        ] or ["No nudges left for it."]
        sections = [Section("\n".join(lines), title="Nudges")]
        if edited.moved or edited.skipped:
            note = f"{edited.moved} nudge(s) moved with the new time."
            if edited.skipped:
                note += f" {edited.skipped} would now come too late to help, so I skipped it."
            sections.append(Section(note))
        return Reply(text=headline, sections=tuple(sections), tone=Tone.OK)

    def round(self, request: Request, rest: str) -> Reply:
        words = rest.split(maxsplit=1)
        interview_id = read_interview_id(words[0]) if words else None
        if interview_id is None or len(words) < 2:
            return usage(
                "Which interview, and when is the next round? For example:", ROUND_EXAMPLES
            )
        earlier = self.tracker.interview(request.who, interview_id)
        if earlier is None:
            return refusal(f"interview {interview_label(interview_id)}")
        zone = self.tracker.preferences(request.who, request.tz_hint).timezone
        parsed = self._parse(
            words[1], now=self.tracker.now(), tz=zone, fields={"company": earlier.company}
        )
        if isinstance(parsed, ParseProblem):
            return problem_reply(parsed)
        people = parsed.interviewers or earlier.interviewers
        tidied = new_interview(
            replace(
                parsed,
                company=earlier.company,
                interviewers=tuple(people),
                role=parsed.role or earlier.role,
            )
        )
        if tidied is None:
            return refusal(f"interview {interview_label(interview_id)}")
        interview, notes = tidied
        view = self.tracker.register(request.who, interview, tz_hint=request.tz_hint)
        return registered_reply(view, notes, now=self.tracker.now())
