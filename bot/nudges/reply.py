"""A due nudge -> the `Reply` a user gets by DM: what to do, why, and the buttons that fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.messages import Button, ButtonStyle, Choice, Control, Menu, Reply, Section, Tone
from bot.interviews.when import describe_time
from bot.nudges import snooze
from bot.nudges.controls import NOTE_CONTROLS, NudgeControl
from bot.nudges.plan import Step

_BUTTONS: dict[NudgeControl, tuple[str, ButtonStyle]] = {
    NudgeControl.DONE: ("Done ✓", ButtonStyle.PRIMARY),
    NudgeControl.DRAFT: ("Draft it for me", ButtonStyle.DEFAULT),
    NudgeControl.REVIEW: ("Review my draft", ButtonStyle.DEFAULT),
    NudgeControl.OFFER: ("I got an offer", ButtonStyle.DEFAULT),
    NudgeControl.REJECTED: ("I was rejected", ButtonStyle.DEFAULT),
    NudgeControl.STOP: ("Stop nudges for this interview", ButtonStyle.DANGER),
}
"""Label and style of every control that is a plain button (snooze is a menu)."""


@dataclass(frozen=True, slots=True)
class NudgeContext:
    """Facts about the interview a nudge belongs to (plain text from the user)."""

    nudge_id: int
    interview_id: int
    company: str
    interview_at: datetime
    zone: ZoneInfo
    interviewers: tuple[str, ...] = ()
    role: str | None = None


def local_label(moment: datetime, zone: ZoneInfo, now: datetime | None = None) -> str:
    """``Sat 21 Nov 15:00 CET``: short, unambiguous and in the user's own zone; with the year
    (``Sat 21 Nov 2026 15:00 CET``) when it is not the year of `now` (default: the clock)."""
    return LocalLabels(zone, now)(moment)


class LocalLabels:
    """`local_label` for the many times of one reply: `now`'s year in the zone is worked out
    once, and a moment that comes again (nudges due together) is labelled once."""

    def __init__(self, zone: ZoneInfo, now: datetime | None = None) -> None:
        self._zone = zone
        self._year = (now or datetime.now(UTC)).astimezone(zone).year
        self._done: dict[datetime, str] = {}

    def __call__(self, moment: datetime) -> str:
        found = self._done.get(moment)
        if found is None:
            found = self._done[moment] = self._label(moment)
        return found

    def _label(self, moment: datetime) -> str:
        local = moment.astimezone(self._zone)
        label = describe_time(local)
        if local.year == self._year:
            return label
        month = f"{local:%b}"
        return label.replace(f" {month} ", f" {month} {local.year} ", 1)


def late_label(late_by: timedelta) -> str:
    minutes = int(late_by.total_seconds() // 60)
    if minutes < 90:
        return f"{max(minutes, 1)} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 36:
        return f"{hours} hours"
    return f"{hours // 24} days"


def nudge_reply(step: Step, context: NudgeContext, *, late_by: timedelta | None = None) -> Reply:
    """The nudge as a reply; `late_by` adds an apology for a nudge held up while offline."""
    about = (
        f"your interview at {context.company} ({local_label(context.interview_at, context.zone)}"
    )
    if context.interviewers:
        about += ", with " + ", ".join(context.interviewers)
    about += ")"
    sections: list[Section] = []
    if late_by is not None:
        sections.append(
            Section(f"Sorry this is late: I was offline for about {late_label(late_by)}.")
        )
    sections.append(Section(f"About {about}."))
    sections.append(Section(step.do, title="What to do"))
    sections.append(Section(step.why, title="Why"))
    if step.source:
        sections.append(Section(step.source, title="Source"))
    return Reply(
        text=f"{step.title} — {context.company}",
        sections=tuple(sections),
        controls=controls_for(step.controls, context.nudge_id),
        tone=Tone.INFO,
    )


def controls_for(names: tuple[str, ...], nudge_id: int) -> tuple[Control, ...]:
    """The step's buttons, in a fixed order; values carry the nudge id only."""
    value = str(nudge_id)
    controls: list[Control] = []
    for control in NudgeControl:  # the enum's order is the buttons' order
        if control not in names:
            continue
        if control is NudgeControl.SNOOZE:
            controls.append(snooze_menu(nudge_id))
        else:
            label, style = _BUTTONS[control]
            shown = f"n{nudge_id}" if control in NOTE_CONTROLS else value
            controls.append(Button(label, control.action_id, shown, style))
    return tuple(controls)


def snooze_menu(nudge_id: int, placeholder: str = "Snooze…") -> Menu:
    """The snooze presets as a menu; each value is ``NUDGE_ID:PRESET``."""
    return Menu(
        placeholder,
        NudgeControl.SNOOZE.action_id,
        tuple(Choice(p.label, f"{nudge_id}:{p.value}") for p in snooze.PRESETS),
    )
