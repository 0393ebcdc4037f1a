"""The interview commands and buttons, installed on the `Coach`.

``interviewed``, ``list``, ``cancel``, ``snooze``, ``done``, ``stop``, ``outcome``,
``settings`` and ``forget-me``, plus the ``nudge.*``, ``interview.*`` and ``forget.*`` buttons.
Every reply is private. Ids in commands and button values are only ever looked up among the
acting user's own rows (see `Tracker`), so a forged or stale value gets a polite refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time

from bot.coach import Coach, Command
from bot.db.prefs import safe_zone
from bot.model import (
    Action,
    Button,
    ButtonStyle,
    Choice,
    Identity,
    Menu,
    Reply,
    Request,
    Section,
    Tone,
)
from bot.nudge_reply import SNOOZE_PRESETS, local_label
from bot.plan import Preferences
from bot.tracker import (
    COMPANY_MAX,
    NAME_MAX,
    ROLE_MAX,
    SNOOZES,
    InterviewView,
    NewInterview,
    OutcomeResult,
    Tracker,
)
from bot.when import InterviewDetails, ParseProblem, parse_decision_date, parse_interview

MAX_ID = 2**31 - 1
LIST_LIMIT = 10
_ID = re.compile(r"^#?(\d{1,10})$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)?$")
_SNOOZE_WORDS: dict[str, str] = {
    "20m": "20m",
    "20min": "20m",
    "20mins": "20m",
    "20minutes": "20m",
    "1h": "1h",
    "1hr": "1h",
    "1hour": "1h",
    "60m": "1h",
    "3h": "3h",
    "3hrs": "3h",
    "3hours": "3h",
    "tomorrow": "tomorrow",
    "nextweek": "next-week",
    "next-week": "next-week",
    "week": "next-week",
}
_OUTCOME_WORDS: dict[str, str] = {
    "offer": "offer",
    "offered": "offer",
    "hired": "offer",
    "rejected": "rejected",
    "rejection": "rejected",
    "reject": "rejected",
    "declined": "rejected",
    "withdrawn": "withdrawn",
    "withdrew": "withdrawn",
    "withdraw": "withdrawn",
    "pending": "pending",
    "waiting": "pending",
    "decide": "pending",
}
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


class InterviewCommands:
    """Turns commands and clicks into `Tracker` calls and answers with replies."""

    def __init__(
        self,
        tracker: Tracker,
        *,
        parse: Callable[..., InterviewDetails | ParseProblem] = parse_interview,
    ) -> None:
        self.tracker = tracker
        self._parse = parse

    def install(self, coach: Coach) -> None:
        for command in self.commands():
            coach.register(command)
        coach.on_action("nudge", self.on_nudge_action)
        coach.on_action("interview", self.on_interview_action)
        coach.on_action("forget", self.on_forget_action)
        coach.on_interaction(self.unreachable_notice)

    def commands(self) -> list[Command]:
        return [
            Command(
                "interviewed",
                "interviewed COMPANY WHEN [with NAME[, NAME]] [for ROLE]",
                "register an interview; I'll send a few timed, private nudges",
                self.interviewed,
                aliases=("interview",),
                examples=INTERVIEWED_EXAMPLES[:1],
            ),
            Command(
                "list",
                "list",
                "your interviews and upcoming nudges",
                self.list_interviews,
                aliases=("nudges", "interviews"),
            ),
            Command("cancel", "cancel ID", "cancel an interview and its nudges", self.cancel),
            Command(
                "snooze",
                "snooze ID 20m|1h|3h|tomorrow|next week",
                "ask me again later about a nudge",
                self.snooze,
            ),
            Command("done", "done ID", "mark a nudge done", self.done),
            Command("stop", "stop ID", "stop all nudges for an interview", self.stop),
            Command(
                "outcome",
                "outcome [ID] offer|rejected|withdrawn|pending [by DATE]",
                "record what happened; I'll adjust the nudges and give advice",
                self.outcome,
                examples=("outcome pending by Friday",),
            ),
            Command(
                "settings",
                "settings [timezone ZONE | quiet HH:MM-HH:MM | quiet off | weekends on|off]",
                "your timezone, quiet hours and weekends",
                self.settings,
                aliases=("preferences", "prefs"),
            ),
            Command(
                "forget-me",
                "forget-me",
                "delete everything I store about you",
                self.forget_me,
                aliases=("forget",),
            ),
        ]

    # -- register -------------------------------------------------------------------------------

    def interviewed(self, request: Request, rest: str) -> Reply:
        who = request.who
        if not rest.strip() and not request.fields:
            return _usage("Tell me which company and when, for example:", INTERVIEWED_EXAMPLES)
        prefs = self.tracker.preferences(who, request.tz_hint)
        parsed = self._parse(
            rest, now=self.tracker.now(), tz=prefs.timezone, fields=request.fields or None
        )
        if isinstance(parsed, ParseProblem):
            return Reply(
                text=parsed.message,
                sections=(Section(f"For example: {parsed.example}"),),
                tone=Tone.WARNING,
            )
        notes: list[str] = []
        company = " ".join(parsed.company.split())
        if not company:
            return _usage(
                "Which company was the interview with? For example:", INTERVIEWED_EXAMPLES
            )
        if len(company) > COMPANY_MAX:
            company = company[:COMPANY_MAX].rstrip()
            notes.append(f"I shortened the company name to {COMPANY_MAX} characters.")
        names: list[str] = []
        for name in parsed.interviewers[:10]:
            name = " ".join(name.split())
            if len(name) > NAME_MAX:
                name = name[:NAME_MAX].rstrip()
                notes.append(f"I shortened a name to {NAME_MAX} characters.")
            if name:
                names.append(name)
        role = " ".join(parsed.role.split())[:ROLE_MAX] if parsed.role else None
        view = self.tracker.register(
            who,
            NewInterview(company=company, at=parsed.at, interviewers=tuple(names), role=role),
            tz_hint=request.tz_hint,
        )
        return self._registered_reply(view, notes)

    def _registered_reply(self, view: InterviewView, notes: list[str]) -> Reply:
        headline = f"Got it: {view.company} — {local_label(view.at, view.zone)}"
        if view.interviewers:
            headline += ", with " + ", ".join(view.interviewers)
        if view.role:
            headline += f" (for {view.role})"
        sections: list[Section] = []
        if view.upcoming:
            lines = [f"{local_label(n.due_at, view.zone)} — {n.title}" for n in view.upcoming]
            sections.append(Section("\n".join(lines), title="I'll remind you privately"))
        else:
            sections.append(
                Section(
                    "That was a while ago, so there is nothing left to remind you of. "
                    "Record how it went with `outcome offer`, `outcome rejected` or "
                    "`outcome pending by DATE`."
                )
            )
        sections.append(
            Section(
                f"Interview #{view.id}. Wrong time? Cancel it and register it again. "
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
            ),
            tone=Tone.OK,
        )

    # -- list and manage ------------------------------------------------------------------------

    def list_interviews(self, request: Request, _rest: str) -> Reply:
        views = self.tracker.interviews(request.who)
        if not views:
            return Reply(
                text="You have no active interviews.",
                sections=(Section("Register one with: " + INTERVIEWED_EXAMPLES[0]),),
                tone=Tone.INFO,
            )
        sections: list[Section] = []
        controls: list[Button | Menu] = []
        for view in views[:LIST_LIMIT]:
            lines = [
                f"#{n.id} {local_label(n.due_at, view.zone)} — {n.title}"
                + (" (sending)" if n.state == "sending" else "")
                for n in view.upcoming
            ] or ["No nudges left."]
            title = f"Interview #{view.id}: {view.company} — {local_label(view.at, view.zone)}"
            if view.outcome == "pending" and view.decide_by is not None:
                title += f" (decision by {local_label(view.decide_by, view.zone)})"
            sections.append(Section("\n".join(lines), title=title))
            controls.append(
                Button(f"Stop #{view.id}", "interview.stop", str(view.id), ButtonStyle.DANGER)
            )
            controls.append(Button(f"Cancel #{view.id}", "interview.cancel", str(view.id)))
        upcoming = [n for v in views[:LIST_LIMIT] for n in v.upcoming]
        if upcoming:
            first = min(upcoming, key=lambda n: n.due_at)
            controls.append(
                Menu(
                    f"Snooze #{first.id}…",
                    "nudge.snooze",
                    tuple(Choice(label, f"{first.id}:{p}") for p, label in SNOOZE_PRESETS),
                )
            )
        if len(views) > LIST_LIMIT:
            sections.append(Section(f"…and {len(views) - LIST_LIMIT} more."))
        sections.append(
            Section(
                "cancel ID · stop ID · snooze ID 1h · done ID · outcome ID offer", title="Manage"
            )
        )
        count = len(views)
        return Reply(
            text=f"You have {count} active interview{'s' if count != 1 else ''}.",
            sections=tuple(sections),
            controls=tuple(controls),
            tone=Tone.INFO,
        )

    def cancel(self, request: Request, rest: str) -> Reply:
        interview_id = _parse_id(rest)
        if interview_id is None:
            return _usage("Which interview? Give its number from `list`:", ("cancel 12",))
        return self._cancel(request.who, interview_id)

    def _cancel(self, who: Identity, interview_id: int) -> Reply:
        view = self.tracker.cancel(who, interview_id)
        if view is None:
            return refusal(f"interview #{interview_id}")
        return Reply(
            text=f"Cancelled interview #{view.id} ({view.company}) and its remaining nudges.",
            tone=Tone.OK,
        )

    def stop(self, request: Request, rest: str) -> Reply:
        interview_id = _parse_id(rest)
        if interview_id is None:
            return _usage("Which interview? Give its number from `list`:", ("stop 12",))
        return self._stop(request.who, interview_id)

    def _stop(self, who: Identity, interview_id: int) -> Reply:
        view = self.tracker.stop(who, interview_id)
        if view is None:
            return refusal(f"interview #{interview_id}")
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

    def snooze(self, request: Request, rest: str) -> Reply:
        parts = rest.split(maxsplit=1)
        nudge_id = _parse_id(parts[0]) if parts else None
        preset = _snooze_preset(parts[1]) if len(parts) == 2 else None
        if nudge_id is None or preset is None:
            return _usage(
                "Which nudge, and for how long? Use 20m, 1h, 3h, tomorrow or next week:",
                ("snooze 41 1h", "snooze 41 tomorrow"),
            )
        return self._snooze(request.who, nudge_id, preset)

    def _snooze(self, who: Identity, nudge_id: int, preset: str) -> Reply:
        view = self.tracker.snooze(who, nudge_id, preset)
        if view is None:
            return refusal(f"an open nudge #{nudge_id}")
        zone = self.tracker.preferences(who).timezone
        return Reply(
            text=f"Snoozed: I'll remind you again {local_label(view.due_at, zone)}.",
            sections=(Section(f"{view.title} ({SNOOZES[preset]})"),),
            tone=Tone.OK,
        )

    def done(self, request: Request, rest: str) -> Reply:
        nudge_id = _parse_id(rest)
        if nudge_id is None:
            return _usage("Which nudge? Give its number from `list`:", ("done 41",))
        return self._done(request.who, nudge_id)

    def _done(self, who: Identity, nudge_id: int) -> Reply:
        view = self.tracker.done(who, nudge_id)
        if view is None:
            return refusal(f"nudge #{nudge_id}")
        return Reply(text=f"Nice work — marked done: {view.title}.", tone=Tone.OK)

    # -- outcome --------------------------------------------------------------------------------

    def outcome(self, request: Request, rest: str) -> Reply:
        who = request.who
        words = rest.split()
        interview_id = _parse_id(words[0]) if words else None
        if interview_id is not None:
            words = words[1:]
        text = " ".join(words)
        outcome = next(
            (_OUTCOME_WORDS[w] for w in (_word(w) for w in words) if w in _OUTCOME_WORDS), None
        )
        by_match = re.search(r"\bby\s+(.+)$", text, re.IGNORECASE)
        if outcome is None and by_match:
            outcome = "pending"
        if outcome is None:
            return _usage(
                "What happened? Say offer, rejected, withdrawn, or pending by a date:",
                ("outcome offer", "outcome 12 rejected", "outcome pending by Friday"),
            )
        if interview_id is None:
            active = self.tracker.interviews(who)
            if not active:
                return Reply(
                    text="You have no active interview to record that for.",
                    sections=(Section("Register one with: " + INTERVIEWED_EXAMPLES[0]),),
                    tone=Tone.INFO,
                )
            if len(active) > 1:
                choices = "\n".join(f"#{v.id} {v.company}" for v in active[:LIST_LIMIT])
                return Reply(
                    text="Which interview? You have several; put its number first:",
                    sections=(
                        Section(choices),
                        Section(f"For example: outcome {active[0].id} {outcome}"),
                    ),
                    tone=Tone.INFO,
                )
            interview_id = active[0].id
        decide_by: datetime | None = None
        if outcome == "pending" and by_match:
            zone = self.tracker.preferences(who, request.tz_hint).timezone
            decision = parse_decision_date(by_match.group(1), now=self.tracker.now(), tz=zone)
            if isinstance(decision, ParseProblem):
                return Reply(
                    text=decision.message,
                    sections=(Section(f"For example: {decision.example}"),),
                    tone=Tone.WARNING,
                )
            decide_by = decision
        return self._outcome(who, interview_id, outcome, decide_by)

    def _outcome(
        self, who: Identity, interview_id: int, outcome: str, decide_by: datetime | None = None
    ) -> Reply:
        result = self.tracker.record_outcome(who, interview_id, outcome, decide_by=decide_by)
        if result is None:
            return refusal(f"interview #{interview_id}")
        return _outcome_reply(result)

    # -- settings -------------------------------------------------------------------------------

    def settings(self, request: Request, rest: str) -> Reply:
        who = request.who
        words = rest.split()
        if not words:
            return _settings_reply(self.tracker.preferences(who, request.tz_hint), "Your settings")
        key, args = words[0].lower(), words[1:]
        if key in ("timezone", "tz", "zone"):
            zone = safe_zone(args[0]) if len(args) == 1 else None
            if zone is None or not _looks_like_iana(args[0]):
                shown = " ".join(args)[:60]
                return _usage(
                    f"“{shown}” is not a timezone I know. Use an IANA name, like:"
                    if shown
                    else "Which timezone? Use an IANA name, like:",
                    ("settings timezone Europe/Paris", "settings timezone America/New_York"),
                )
            prefs = self.tracker.set_timezone(who, zone)
            return _settings_reply(prefs, f"Timezone set to {zone.key}")
        if key in ("quiet", "quiet-hours"):
            if len(args) == 1 and args[0].lower() in ("off", "none", "no"):
                prefs = self.tracker.set_quiet(who, None, None)
                return _settings_reply(prefs, "Quiet hours off: nudges may come at any hour")
            span = _parse_span(" ".join(args))
            if span is None:
                return _usage(
                    "Give quiet hours as start-end in 24-hour local time, or off:",
                    ("settings quiet 22:00-07:30", "settings quiet off"),
                )
            prefs = self.tracker.set_quiet(who, *span)
            return _settings_reply(prefs, "Quiet hours updated")
        if key in ("weekends", "weekend"):
            value = args[0].lower() if len(args) == 1 else ""
            if value not in ("on", "off", "yes", "no", "true", "false"):
                return _usage(
                    "Should nudges come at weekends? Say on or off:",
                    ("settings weekends on", "settings weekends off"),
                )
            prefs = self.tracker.set_weekends(who, value in ("on", "yes", "true"))
            return _settings_reply(prefs, "Weekends updated")
        return _usage(
            "I can change your timezone, quiet hours and weekends:",
            (
                "settings timezone Europe/Paris",
                "settings quiet 22:00-07:30",
                "settings weekends on",
            ),
        )

    # -- forget me ------------------------------------------------------------------------------

    def forget_me(self, request: Request, rest: str) -> Reply:
        if rest.strip().lower() in ("confirm", "yes"):
            return self._forget(request.who)
        return Reply(
            text="This deletes everything I store about you: interviews, nudges and settings.",
            sections=(
                Section("It cannot be undone. Click the button or type `forget-me confirm`."),
            ),
            controls=(Button("Delete everything", "forget.confirm", "me", ButtonStyle.DANGER),),
            tone=Tone.WARNING,
        )

    def _forget(self, who: Identity) -> Reply:
        gone = self.tracker.forget(who)
        return Reply(
            text="Done: I deleted everything I stored about you.",
            sections=(
                Section(
                    f"{gone.interviews} interview(s) and {gone.nudges} nudge(s) deleted, along "
                    "with your settings. You can start again any time."
                ),
            ),
            tone=Tone.OK,
        )

    # -- buttons --------------------------------------------------------------------------------

    def on_nudge_action(self, request: Request, action: Action) -> Reply:
        verb = action.action_id.partition(".")[2]
        who = request.who
        if verb == "snooze":
            nudge_part, _, preset = action.value.partition(":")
            nudge_id = _parse_id(nudge_part)
            if nudge_id is None or preset not in SNOOZES:
                return refusal("that nudge")
            return self._snooze(who, nudge_id, preset)
        nudge_id = _parse_id(action.value)
        if nudge_id is None:
            return refusal("that nudge")
        if verb == "done":
            return self._done(who, nudge_id)
        if verb in ("offer", "rejected", "stop"):
            interview_id = self.tracker.interview_of_nudge(who, nudge_id)
            if interview_id is None:
                return refusal("that nudge")
            if verb == "stop":
                return self._stop(who, interview_id)
            return self._outcome(who, interview_id, verb)
        return refusal("that button")

    def on_interview_action(self, request: Request, action: Action) -> Reply:
        verb = action.action_id.partition(".")[2]
        interview_id = _parse_id(action.value)
        if interview_id is None:
            return refusal("that interview")
        if verb == "stop":
            return self._stop(request.who, interview_id)
        if verb == "cancel":
            return self._cancel(request.who, interview_id)
        return refusal("that button")

    def on_forget_action(self, request: Request, action: Action) -> Reply:
        if action.action_id == "forget.confirm":
            return self._forget(request.who)
        return refusal("that button")

    def unreachable_notice(self, who: Identity) -> Reply | None:
        reason = self.tracker.take_unreachable_notice(who)
        if reason is None:
            return None
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


# -- parsing helpers ----------------------------------------------------------------------------


def _parse_id(text: str) -> int | None:
    match = _ID.match(text.strip())
    if match is None:
        return None
    value = int(match.group(1))
    return value if 0 < value <= MAX_ID else None


def _word(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower())


def _snooze_preset(text: str) -> str | None:
    return _SNOOZE_WORDS.get(re.sub(r"[\s.]", "", text.lower()))


def _looks_like_iana(name: str) -> bool:
    return name == "UTC" or bool(re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+)+", name))


def _clock(text: str) -> time | None:
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def _parse_span(text: str) -> tuple[time, time] | None:
    parts = re.split(r"\s*(?:-|–|to)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = _clock(parts[0]), _clock(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


# -- replies ------------------------------------------------------------------------------------


def _usage(text: str, examples: tuple[str, ...]) -> Reply:
    return Reply(text=text, sections=(Section("\n".join(examples)),), tone=Tone.INFO)


def _settings_reply(prefs: Preferences, headline: str) -> Reply:
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


def _outcome_reply(result: OutcomeResult) -> Reply:
    view, advice = result.interview, result.advice
    outcome = view.outcome or ""
    if outcome == "pending":
        if view.decide_by is not None:
            status = (
                f"Noted: {view.company} will decide by {local_label(view.decide_by, view.zone)}. "
                f"I moved {result.moved} follow-up reminder(s) to after that."
            )
        else:
            status = f"Noted: you're waiting to hear from {view.company}."
    else:
        status = f"Noted: {outcome} at {view.company}. I cancelled {result.cancelled} reminder(s)."
    sections = [Section(status)]
    if advice is not None:
        sections += [Section(advice.do, title="What to do"), Section(advice.why, title="Why")]
        if advice.source:
            sections.append(Section(advice.source, title="Source"))
    tone = Tone.OK if outcome in ("offer", "pending") else Tone.INFO
    return Reply(text=advice.title if advice else status, sections=tuple(sections), tone=tone)


def install(coach: Coach, tracker: Tracker) -> InterviewCommands:
    """Register the interview commands, buttons and the unreachable notice on `coach`."""
    commands = InterviewCommands(tracker)
    commands.install(coach)
    return commands
