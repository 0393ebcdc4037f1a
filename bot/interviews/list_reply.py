"""`list`: the user's interviews a page at a time, newest first, with distinct ids.

It used to stop at ten, oldest first, with "…and 20 more" and no way on, so the newest interview
was the one hidden; delivered nudges and stopped interviews vanished. `list 2` pages, `list all`
shows everything with its state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.core.messages import Button, ButtonStyle, Control, Reply, Section, Tone
from bot.db.models import InterviewStatus
from bot.interviews.ids import interview_label, nudge_label
from bot.interviews.limits import LIST_PAGE
from bot.interviews.views import InterviewView
from bot.nudges.reply import local_label, snooze_menu

PAGE_ACTION = "interview.page"
EXAMPLE = "interviewed Acme yesterday 3pm with Dana Lee"
PAGE_MAX = 10_000
_ARGS = re.compile(r"^\s*(all)?\s*(?:page\s*)?(\d{1,5})?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ListArgs:
    include_closed: bool = False
    page: int = 1

    @property
    def value(self) -> str:
        """The button value that asks for this page: ``2`` or ``all:2``."""
        return f"all:{self.page}" if self.include_closed else str(self.page)


def read_list_args(text: str) -> ListArgs | None:
    """``""``, ``2``, ``all``, ``all 3``, ``page 2``; None for anything else."""
    match = _ARGS.match(text)
    if match is None:
        return None
    page = int(match.group(2) or 1)
    if not 1 <= page <= PAGE_MAX:
        return None
    return ListArgs(include_closed=bool(match.group(1)), page=page)


def read_page_value(value: str) -> ListArgs | None:
    """A page button's value back: ``2`` or ``all:2``."""
    return read_list_args(value.replace(":", " ", 1))


def list_usage() -> Reply:
    return Reply(
        text="Show which interviews? For example:",
        sections=(Section("list\nlist 2\nlist all"),),
        tone=Tone.INFO,
    )


def _nudge_lines(view: InterviewView, everything: bool, now: datetime | None) -> list[str]:
    shown = view.nudges if everything else view.upcoming
    lines = []
    for n in shown:
        line = f"{nudge_label(n.id)} {local_label(n.due_at, view.zone, now)} — {n.title}"
        if everything or n.state == "sending":
            line += f" ({n.state})"
        lines.append(line)
    return lines or ["No nudges left."]


def _title(view: InterviewView, now: datetime | None) -> str:
    when = local_label(view.at, view.zone, now)
    title = f"Interview {interview_label(view.id)}: {view.company} — {when}"
    if view.outcome == "pending" and view.decide_by is not None:
        title += f" (decision by {local_label(view.decide_by, view.zone, now)})"
    elif view.status != InterviewStatus.ACTIVE.value:
        title += f" ({view.outcome or view.status})"
    return title


def interview_list_reply(
    views: list[InterviewView], total: int, args: ListArgs, *, now: datetime | None = None
) -> Reply:
    """One page of interviews, their nudges, buttons to manage them and to turn the page."""
    kind = "interview" if args.include_closed else "active interview"
    if total == 0:
        hint = "" if args.include_closed else " `list all` shows stopped and closed ones too."
        return Reply(
            text=f"You have no {kind}s.",
            sections=(Section("Register one with: " + EXAMPLE + "." + hint),),
            tone=Tone.INFO,
        )
    pages = (total + LIST_PAGE - 1) // LIST_PAGE
    if not views:
        return Reply(
            text=f"There is no page {args.page}: you have {pages} page{'s' if pages > 1 else ''}.",
            sections=(Section("list" + (" all" if args.include_closed else "")),),
            tone=Tone.INFO,
        )
    sections: list[Section] = []
    controls: list[Control] = []
    for view in views:
        lines = _nudge_lines(view, args.include_closed, now)
        sections.append(Section("\n".join(lines), title=_title(view, now)))
        if view.status == InterviewStatus.ACTIVE.value:
            label = interview_label(view.id)
            controls.append(
                Button(f"Stop {label}", "interview.stop", str(view.id), ButtonStyle.DANGER)
            )
            controls.append(Button(f"Cancel {label}", "interview.cancel", str(view.id)))
    upcoming = [n for v in views for n in v.upcoming]
    if upcoming:
        first = min(upcoming, key=lambda n: n.due_at)
        controls.append(snooze_menu(first.id, f"Snooze {nudge_label(first.id)}…"))
    if pages > 1:
        word = "list all" if args.include_closed else "list"
        sections.append(
            Section(
                f"Page {args.page} of {pages}, newest first. "
                f"Older: `{word} {min(args.page + 1, pages)}`."
            )
        )
        if args.page < pages:
            older = ListArgs(args.include_closed, args.page + 1)
            controls.append(Button("Older interviews", PAGE_ACTION, older.value))
    sections.append(Section(_manage_line(views), title="Manage"))
    return Reply(
        text=f"You have {total} {kind}{'s' if total != 1 else ''}.",
        sections=tuple(sections),
        controls=tuple(controls),
        tone=Tone.INFO,
    )


def _manage_line(views: list[InterviewView]) -> str:
    """The typed commands, shown with the person's own first interview and nudge ids (the
    example ids of `help` would read as someone else's interviews)."""
    interview = interview_label(views[0].id)
    nudges = [n for v in views for n in v.upcoming]
    parts = [f"cancel {interview}", f"stop {interview}", f"edit {interview} time …"]
    if nudges:
        nudge = nudge_label(min(nudges, key=lambda n: n.due_at).id)
        parts += [f"snooze {nudge} 1h", f"done {nudge}"]
    parts += [f"outcome {interview} offer", "list all"]
    return " · ".join(parts)
