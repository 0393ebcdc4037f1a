"""The interview commands and buttons, installed on the `Coach`.

``interviewed``, ``list``, ``cancel``, ``snooze``, ``done``, ``stop``, ``outcome``,
``settings`` and ``forget-me``, plus the ``nudge.*``, ``interview.*`` and ``forget.*`` buttons.
Every reply is private. Ids in commands and button values are only ever looked up among the
acting user's own rows (see `Tracker`), so a forged or stale value gets a polite refusal.

The handlers here only decide what to do: `bot.interviews.args` reads the arguments and
`bot.interviews.replies` builds the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.coach import Coach, Command
from bot.core.messages import Action, Identity, Reply, Request
from bot.interviews.already import closed_interview_reply, closed_nudge_reply
from bot.interviews.args import (
    new_interview,
    outcome_args,
    outcome_fields,
    parse_id,
)
from bot.interviews.form import form_fields, interview_form, invalid_inputs, is_form_answer
from bot.interviews.ids import interview_label, nudge_label, read_interview_id, read_nudge_id
from bot.interviews.limits import ID_MAX, LIST_PAGE
from bot.interviews.list_reply import (
    PAGE_ACTION,
    ListArgs,
    interview_list_reply,
    list_usage,
    read_list_args,
    read_page_value,
)
from bot.interviews.replies import (
    INTERVIEWED_EXAMPLES,
    WHEN_ACTION,
    cancelled_reply,
    done_reply,
    forget_prompt,
    forgotten_reply,
    no_active_interview_reply,
    outcome_reply,
    problem_reply,
    refusal,
    registered_reply,
    snoozed_reply,
    stopped_reply,
    unreachable_reply,
    usage,
    which_interview_reply,
)
from bot.interviews.service import Forgotten, Tracker
from bot.interviews.when import InterviewDetails, ParseProblem, parse_decision_date, parse_interview
from bot.nudges import snooze
from bot.nudges.calendar import Preferences
from bot.nudges.controls import ACTION_PREFIX, NudgeControl
from bot.nudges.plan import plan_nudges

__all__ = [
    "ID_MAX",
    "INTERVIEWED_EXAMPLES",
    "LIST_PAGE",
    "InterviewCommands",
    "refusal",
]


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
        self.forget: Callable[[Identity], Forgotten] = tracker.forget
        """What `forget-me` runs; the privacy service replaces it to clean up beyond rows."""

    def install(self, coach: Coach) -> None:
        for command in self.commands():
            coach.register(command)
        coach.on_action(ACTION_PREFIX, self.on_nudge_action)
        coach.on_action("interview", self.on_interview_action)
        coach.on_action("forget", self.on_forget_action)
        coach.on_interaction(self.unreachable_notice, in_memory=self.tracker.no_unreachable_notice)

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
                "list [all] [PAGE]",
                "your interviews and upcoming nudges, newest first (all: past ones too)",
                self.list_interviews,
                aliases=("nudges", "interviews"),
            ),
            Command("cancel", "cancel I12", "cancel an interview and its nudges", self.cancel),
            Command(
                "snooze",
                f"snooze N41 {snooze.USAGE}",
                "ask me again later about a nudge",
                self.snooze,
            ),
            Command("done", "done N41", "mark a nudge done", self.done),
            Command("stop", "stop I12", "stop all nudges for an interview", self.stop),
            Command(
                "outcome",
                "outcome [I12] offer|rejected|withdrawn|pending [by DATE]",
                "record what happened; I'll adjust the nudges and give advice",
                self.outcome,
                examples=("outcome pending by Friday",),
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
        prefs = self.tracker.preferences(who, request.tz_hint)
        if not rest.strip() and not request.fields:
            today = self.tracker.now().astimezone(prefs.timezone).date()
            asked = usage("Tell me which company and when, for example:", INTERVIEWED_EXAMPLES)
            return replace(asked, form=interview_form(today))
        from_form = is_form_answer(request.fields)
        fields = form_fields(request.fields) if from_form else request.fields
        parsed = self._parse(rest, now=self.tracker.now(), tz=prefs.timezone, fields=fields or None)
        if isinstance(parsed, ParseProblem):
            reply = problem_reply(parsed)
            if not from_form:
                return reply
            return replace(reply, invalid=invalid_inputs(parsed, request.fields, self._day_reads))
        tidied = new_interview(parsed)
        if tidied is None:
            return usage("Which company was the interview with? For example:", INTERVIEWED_EXAMPLES)
        interview, notes = tidied
        view = self.tracker.register(who, interview, tz_hint=request.tz_hint)
        quiet = not view.upcoming and self._quiet_is_why(interview.at, prefs)
        return registered_reply(
            view, [*parsed.assumed, *notes], now=self.tracker.now(), quiet_is_why=quiet
        )

    def _day_reads(self, day: str) -> bool:
        """Whether a form's day is understood on its own (with a time of day that reads)."""
        at_noon = {"company": "-", "when": f"{day} 12:00"}
        found = self._parse("", now=self.tracker.now(), tz=ZoneInfo("UTC"), fields=at_noon)
        return isinstance(found, InterviewDetails)

    def _quiet_is_why(self, at: datetime, prefs: Preferences) -> bool:
        """Nothing was planned: would there have been nudges without quiet hours and weekends?"""
        free = replace(prefs, quiet_start=time(0), quiet_end=time(0), weekends=True)
        return bool(plan_nudges(at, free, self.tracker.plan, now=self.tracker.now()))

    # -- list and manage ------------------------------------------------------------------------

    def list_interviews(self, request: Request, rest: str) -> Reply:
        args = read_list_args(rest)
        return list_usage() if args is None else self._list(request.who, args)

    def _list(self, who: Identity, args: ListArgs) -> Reply:
        views, total = self.tracker.interviews_page(
            who,
            include_closed=args.include_closed,
            offset=(args.page - 1) * LIST_PAGE,
            limit=LIST_PAGE,
        )
        return interview_list_reply(views, total, args, now=self.tracker.now())

    def cancel(self, request: Request, rest: str) -> Reply:
        interview_id = read_interview_id(rest)
        if interview_id is None:
            return usage("Which interview? Give its id from `list`:", ("cancel I12",))
        return self._cancel(request.who, interview_id)

    def _cancel(self, who: Identity, interview_id: int) -> Reply:
        before = self.tracker.interview(who, interview_id)
        if before is None:
            return refusal(f"interview {interview_label(interview_id)}")
        closed = closed_interview_reply(before, "cancel")
        view = None if closed else self.tracker.cancel(who, interview_id)
        return closed or (cancelled_reply(view) if view else refusal())

    def stop(self, request: Request, rest: str) -> Reply:
        interview_id = read_interview_id(rest)
        if interview_id is None:
            return usage("Which interview? Give its id from `list`:", ("stop I12",))
        return self._stop(request.who, interview_id)

    def _stop(self, who: Identity, interview_id: int) -> Reply:
        before = self.tracker.interview(who, interview_id)
        if before is None:
            return refusal(f"interview {interview_label(interview_id)}")
        closed = closed_interview_reply(before, "stop")
        view = None if closed else self.tracker.stop(who, interview_id)
        return closed or (stopped_reply(view) if view else refusal())

    def snooze(self, request: Request, rest: str) -> Reply:
        parts = rest.split(maxsplit=1)
        nudge_id = read_nudge_id(parts[0]) if parts else None
        zone = self.tracker.preferences(request.who, request.tz_hint).timezone
        preset = (
            snooze.read_snooze(parts[1], now=self.tracker.now(), zone=zone)
            if len(parts) == 2
            else None
        )
        if nudge_id is None or preset is None:
            return usage(
                "Which nudge, and until when? A length up to 30 days, or a day and time:",
                ("snooze N41 45m", "snooze N41 2 days", "snooze N41 monday 9am"),
            )
        return self._snooze(request.who, nudge_id, preset)

    def _snooze(self, who: Identity, nudge_id: int, preset: str) -> Reply:
        before = self.tracker.nudge(who, nudge_id)
        if before is None:
            return refusal(f"nudge {nudge_label(nudge_id)}")
        closed = closed_nudge_reply(before, "snooze")
        if closed is not None:
            return closed
        view = self.tracker.snooze(who, nudge_id, preset)
        if view is None:
            return refusal(f"an open nudge {nudge_label(nudge_id)}")
        zone = self.tracker.preferences(who).timezone
        kept = before.state == "pending" and view.due_at == before.due_at
        return snoozed_reply(view, zone, preset, kept=kept)

    def done(self, request: Request, rest: str) -> Reply:
        nudge_id = read_nudge_id(rest)
        if nudge_id is None:
            return usage("Which nudge? Give its id from `list`:", ("done N41",))
        return self._done(request.who, nudge_id)

    def _done(self, who: Identity, nudge_id: int) -> Reply:
        before = self.tracker.nudge(who, nudge_id)
        if before is None:
            return refusal(f"nudge {nudge_label(nudge_id)}")
        closed = closed_nudge_reply(before, "mark done")
        view = None if closed else self.tracker.done(who, nudge_id)
        return closed or (done_reply(view) if view else refusal())

    # -- outcome --------------------------------------------------------------------------------

    def outcome(self, request: Request, rest: str) -> Reply:
        who = request.who
        typed = "result" in request.fields or "by" in request.fields
        args = outcome_fields(request.fields) if typed else outcome_args(rest)
        interview_id, outcome = args.interview_id, args.outcome
        if outcome is None:
            return usage(
                "What happened? Say offer, rejected, withdrawn, or pending by a date:",
                ("outcome offer", "outcome 12 rejected", "outcome pending by Friday"),
            )
        if interview_id is None:
            active = self.tracker.interviews(who)
            if not active:
                return no_active_interview_reply()
            if len(active) > 1:
                return which_interview_reply(active, outcome)
            interview_id = active[0].id
        decide_by: datetime | None = None
        if outcome == "pending" and args.decide_by is not None:
            zone = self.tracker.preferences(who, request.tz_hint).timezone
            decision = parse_decision_date(args.decide_by, now=self.tracker.now(), tz=zone)
            if isinstance(decision, ParseProblem):
                return problem_reply(decision)
            decide_by = decision
        return self._outcome(who, interview_id, outcome, decide_by)

    def _outcome(
        self, who: Identity, interview_id: int, outcome: str, decide_by: datetime | None = None
    ) -> Reply:
        result = self.tracker.record_outcome(who, interview_id, outcome, decide_by=decide_by)
        if result is None:
            return refusal(f"interview {interview_label(interview_id)}")
        return outcome_reply(result)

    # -- forget me ------------------------------------------------------------------------------

    def forget_me(self, request: Request, rest: str) -> Reply:
        if rest.strip().lower() in ("confirm", "yes"):
            return self._forget(request.who)
        return forget_prompt()

    def _forget(self, who: Identity) -> Reply:
        return forgotten_reply(self.forget(who))

    # -- buttons --------------------------------------------------------------------------------

    def on_nudge_action(self, request: Request, action: Action) -> Reply:
        try:
            control = NudgeControl(action.action_id.partition(".")[2])
        except ValueError:
            return refusal("that button")
        who = request.who
        if control is NudgeControl.SNOOZE:
            nudge_part, _, preset = action.value.partition(":")
            nudge_id = parse_id(nudge_part)
            if nudge_id is None or preset not in snooze.BY_VALUE:
                return refusal("that nudge")
            return self._snooze(who, nudge_id, preset)
        nudge_id = parse_id(action.value)
        if nudge_id is None:
            return refusal("that nudge")
        if control is NudgeControl.DONE:
            return self._done(who, nudge_id)
        interview_id = self.tracker.interview_of_nudge(who, nudge_id)
        if interview_id is None:
            return refusal("that nudge")
        if control is NudgeControl.STOP:
            return self._stop(who, interview_id)
        return self._outcome(who, interview_id, control.value)

    def on_interview_action(self, request: Request, action: Action) -> Reply:
        if action.action_id == WHEN_ACTION:  # a time picked: the line is read like typed text
            return self.interviewed(request, action.value)
        verb = action.action_id.partition(".")[2]
        if action.action_id == PAGE_ACTION:
            page = read_page_value(action.value)
            return refusal("that page") if page is None else self._list(request.who, page)
        interview_id = parse_id(action.value)
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
        return unreachable_reply()
