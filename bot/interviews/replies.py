"""The replies of the interview commands and buttons, built from what the `Tracker` returns.

Kept apart from the handlers so the wording and layout users see can be read and changed in one
place, without the parsing and tracker calls around them. Every reply is private (the `Reply`
default) and every function here is pure.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.messages import Button, ButtonStyle, Reply, Section, Tone
from bot.interviews.details_form import details_button, lacks_details
from bot.interviews.ids import interview_label, nudge_label
from bot.interviews.limits import LIST_PAGE
from bot.interviews.service import Forgotten, InterviewView, NudgeView, OutcomeResult
from bot.interviews.when import ParseProblem
from bot.nudges import snooze
from bot.nudges.calendar import Preferences
from bot.nudges.reply import LocalLabels, local_label

WHEN_ACTION = "interview.when"
"""A time picked from a question: its value is the whole line to register."""
INTERVIEWED_EXAMPLES = (
    "interviewed Acme yesterday 3pm with Dana Lee",
    "interviewed Globex today 10:30 for Data Analyst",
    "interviewed May Mobility 2026-11-20 14:00",
)


def refusal(what: str = "that") -> Reply:
    """The one answer for ids that are not the user's, garbage values and deleted rows."""
    return Reply(
        text=f"I couldn't find {what} among yours: it may have been cancelled or deleted.",
        sections=(Section("Type `list` to see your interviews and upcoming nudges."),),
        tone=Tone.WARNING,
    )


def usage(text: str, examples: tuple[str, ...]) -> Reply:
    """A question back, with the forms to copy."""
    return Reply(text=text, sections=(Section("\n".join(examples)),), tone=Tone.INFO)


def problem_reply(problem: ParseProblem) -> Reply:
    """What the time parser could not understand, with the right form to copy, and any
    one-click answers (each registers the user's own line with the time added)."""
    return Reply(
        text=problem.message,
        sections=(Section(f"For example: {problem.example}"),),
        controls=tuple(Button(label, WHEN_ACTION, line) for label, line in problem.choices),
        tone=Tone.WARNING,
    )


QUIET_PAST_GRACE = (
    "Your quiet hours (or weekends off) would hold every reminder until it no longer helps, "
    "so I planned none. Nudges can come later if you change them: `settings quiet off` or "
    "`settings weekends on`."
)
"""Why nothing is planned when quiet hours, not the interview's age, pushed every step out."""


def registered_reply(
    view: InterviewView,
    notes: list[str],
    *,
    now: datetime | None = None,
    quiet_is_why: bool = False,
) -> Reply:
    """The new interview, its upcoming nudges and the buttons to undo it."""
    label = interview_label(view.id)
    local = LocalLabels(view.zone, now)
    headline = f"Got it: {view.company} — {local(view.at)}"
    if view.interviewers:
        headline += ", with " + ", ".join(view.interviewers)
    if view.role:
        headline += f" (for {view.role})"
    sections: list[Section] = []
    if view.upcoming:
        lines = [f"{nudge_label(n.id)} {local(n.due_at)} — {n.title}" for n in view.upcoming]
        sections.append(Section("\n".join(lines), title="I'll remind you privately"))
    elif quiet_is_why:
        sections.append(Section(QUIET_PAST_GRACE))
    else:
        sections.append(
            Section(
                "That was a while ago, so there is nothing left to remind you of. "
                "Record how it went with `outcome offer`, `outcome rejected` or "
                "`outcome pending by DATE`."
            )
        )
    if view.duplicate_of is not None:
        sections.append(
            Section(
                f"You had already registered {view.company} at about that time "
                f"({interview_label(view.duplicate_of)}). If this one is a mistake: "
                f"`cancel {label}`."
            )
        )
    sections.append(
        Section(
            f"Interview {label}. Wrong detail? `edit {label} time tomorrow 3pm` (or company, "
            f"with, role); another round: `round {label} next tuesday 10am`. "
            "Times are in your timezone; change it with `settings timezone Europe/Paris`."
        )
    )
    for note in dict.fromkeys(notes):
        sections.append(Section(note))
    return Reply(
        text=headline,
        sections=tuple(sections),
        controls=(
            Button(
                "Stop nudges for this interview",
                "interview.stop",
                str(view.id),
                ButtonStyle.DANGER,
            ),
            Button("Cancel (registered by mistake)", "interview.cancel", str(view.id)),
            *((details_button(view),) if lacks_details(view) else ()),
        ),
        tone=Tone.OK,
    )


def cancelled_reply(view: InterviewView) -> Reply:
    return Reply(
        text=f"Cancelled interview {interview_label(view.id)} ({view.company}) and its "
        "remaining nudges.",
        tone=Tone.OK,
    )


def stopped_reply(view: InterviewView) -> Reply:
    return Reply(
        text=f"Done: no more nudges about {view.company}.",
        sections=(
            Section(
                "When you hear back, `outcome offer` or `outcome rejected` gets you advice "
                "that fits."
            ),
        ),
        tone=Tone.OK,
    )


def snoozed_reply(view: NudgeView, zone: ZoneInfo, preset: str, *, kept: bool = False) -> Reply:
    if kept:
        return Reply(
            text=f"{nudge_label(view.id)} is already due later, {local_label(view.due_at, zone)}"
            ", so I left it there: a snooze never brings a nudge forward.",
            sections=(Section(view.title),),
            tone=Tone.INFO,
        )
    return Reply(
        text=f"Snoozed: I'll remind you again {local_label(view.due_at, zone)}.",
        sections=(Section(f"{view.title} ({snooze.spoken(preset, zone)})"),),
        tone=Tone.OK,
    )


def done_reply(view: NudgeView) -> Reply:
    return Reply(text=f"Nice work — marked done: {view.title}.", tone=Tone.OK)


def no_active_interview_reply() -> Reply:
    return Reply(
        text="You have no active interview to record that for.",
        sections=(Section("Register one with: " + INTERVIEWED_EXAMPLES[0]),),
        tone=Tone.INFO,
    )


def which_interview_reply(active: list[InterviewView], outcome: str) -> Reply:
    """Several interviews are active: ask which one the outcome is for."""
    choices = "\n".join(f"{interview_label(v.id)} {v.company}" for v in active[:LIST_PAGE])
    return Reply(
        text="Which interview? You have several; put its number first:",
        sections=(
            Section(choices),
            Section(f"For example: outcome {interview_label(active[0].id)} {outcome}"),
        ),
        tone=Tone.INFO,
    )


def outcome_reply(result: OutcomeResult) -> Reply:
    """What changed in the nudges, and the advice that fits the outcome if there is any."""
    view, advice = result.interview, result.advice
    outcome = view.outcome or ""
    if outcome == "pending":
        if view.decide_by is not None:
            status = (
                f"Noted: {view.company} will decide by {local_label(view.decide_by, view.zone)}. "
                + (
                    f"I moved {_count(result.moved, 'follow-up reminder')} to after that."
                    if result.moved
                    else "No follow-up reminder was due before then."
                )
            )
        else:
            status = f"Noted: you're waiting to hear from {view.company}."
    else:
        status = f"Noted: {outcome} at {view.company}."
        if result.cancelled:
            status += f" I cancelled {_count(result.cancelled, 'reminder')}."
    sections = [Section(status)]
    if advice is not None:
        sections += [Section(advice.do, title="What to do"), Section(advice.why, title="Why")]
        if advice.source:
            sections.append(Section(advice.source, title="Source"))
    tone = Tone.OK if outcome in ("offer", "pending") else Tone.INFO
    return Reply(text=advice.title if advice else status, sections=tuple(sections), tone=tone)


def settings_reply(prefs: Preferences, headline: str) -> Reply:
    """The user's timezone, quiet hours and weekends, and how to change them."""
    if prefs.quiet_start == prefs.quiet_end:
        quiet = "off"
    else:
        quiet = f"{prefs.quiet_start:%H:%M}–{prefs.quiet_end:%H:%M}"
    lines = [
        f"Timezone: {prefs.timezone.key}",
        f"Quiet hours: {quiet}",
        f"Weekends: {'on' if prefs.weekends else 'off'}",
    ]
    return Reply(
        text=f"{headline}.",
        sections=(
            Section("\n".join(lines)),
            Section(
                "settings timezone Europe/Paris · settings quiet 22:00-07:30 · "
                "settings quiet off · settings weekends on",
                title="Change",
            ),
        ),
        tone=Tone.INFO,
    )


def forget_prompt() -> Reply:
    """Deleting everything is asked about once, with a button, before it happens."""
    return Reply(
        text="This deletes everything I store about you: interviews, nudges and settings.",
        sections=(
            Section(
                "It cannot be undone. To go ahead, choose “Delete everything” "
                "or type `forget-me confirm`."
            ),
        ),
        controls=(Button("Delete everything", "forget.confirm", "me", ButtonStyle.DANGER),),
        tone=Tone.WARNING,
    )


def forgotten_reply(gone: Forgotten) -> Reply:
    return Reply(
        text="Done: I deleted everything I stored about you.",
        sections=(
            Section(
                f"{_count(gone.interviews, 'interview')} and {_count(gone.nudges, 'nudge')} "
                "deleted, along with your settings. You can start again any time."
            ),
        ),
        tone=Tone.OK,
    )


def unreachable_reply() -> Reply:
    """Told on the user's next interaction after their DMs could not be delivered."""
    return Reply(
        text="I couldn't DM you, so your reminders were on hold.",
        sections=(
            Section(
                "Open your direct messages to me (in Discord: Privacy Settings → allow "
                "direct messages from server members; in Slack: the app's Messages tab). "
                "I'll try again now."
            ),
        ),
        tone=Tone.WARNING,
    )


def _count(n: int, noun: str) -> str:
    """``1 reminder``, ``3 reminders``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
