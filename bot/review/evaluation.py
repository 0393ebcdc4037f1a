"""`afterview eval-notes`: how well the reviewer catches each flaw on a labelled set of notes.

The set is YAML: ``notes: [{id, text, expect: [check ids], kind?, company?, interviewers?,
role?}]``; a note that expects nothing is a clean note. The report gives each check's recall
(flawed notes it caught) and the share of clean notes that got any finding (false alarms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.review.reviewer import Reviewer
from bot.review.values import CHECKS, KINDS, NoteContext

RECALL_TARGET = 0.9
FALSE_ALARM_TARGET = 0.1


class NotesError(ValueError):
    """The labelled set is malformed (with the note id and what is wrong)."""


@dataclass(frozen=True, slots=True)
class LabelledNote:
    id: str
    text: str
    expect: frozenset[str]
    context: NoteContext


@dataclass
class NotesReport:
    expected: dict[str, int] = field(default_factory=dict)
    caught: dict[str, int] = field(default_factory=dict)
    clean: int = 0
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def recall(self, check: str) -> float:
        total = self.expected.get(check, 0)
        return self.caught.get(check, 0) / total if total else 1.0

    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.clean if self.clean else 0.0

    def meets_targets(self) -> bool:
        return self.false_alarm_rate() <= FALSE_ALARM_TARGET and all(
            self.recall(c) >= RECALL_TARGET for c in CHECKS
        )

    def render(self) -> str:
        lines = ["check         notes  caught  recall"]
        for check in CHECKS:
            total = self.expected.get(check, 0)
            lines.append(
                f"{check:<13} {total:>5}  {self.caught.get(check, 0):>6}  "
                f"{self.recall(check):>6.0%}"
            )
        lines.append(
            f"clean notes flagged: {len(self.false_alarms)}/{self.clean} "
            f"({self.false_alarm_rate():.0%}; target ≤ {FALSE_ALARM_TARGET:.0%}); "
            f"recall target ≥ {RECALL_TARGET:.0%} per check"
        )
        lines.extend(f"  missed: {m}" for m in self.missed)
        lines.extend(f"  false alarm: {m}" for m in self.false_alarms)
        return "\n".join(lines)


def load_notes(path: Path) -> list[LabelledNote]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NotesError(f"{path}: expected a mapping with notes: [...]")
    notes: list[LabelledNote] = []
    for number, item in enumerate(items, 1):
        note_id = str(item.get("id", number)) if isinstance(item, dict) else str(number)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise NotesError(f"{path}: note {note_id}: needs a text")
        expect = item.get("expect") or []
        unknown = [c for c in expect if c not in CHECKS]
        if unknown:
            raise NotesError(f"{path}: note {note_id}: unknown check(s) {unknown}")
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            raise NotesError(f"{path}: note {note_id}: unknown kind {kind!r}")
        people = item.get("interviewers") or []
        context = NoteContext(
            kind=kind,
            company=item.get("company"),
            interviewers=tuple(str(p) for p in people),
            role=item.get("role"),
        )
        notes.append(LabelledNote(note_id, item["text"], frozenset(expect), context))
    return notes


def evaluate_notes(reviewer: Reviewer, notes: list[LabelledNote]) -> NotesReport:
    report = NotesReport()
    for note in notes:
        found = {f.check for f in reviewer.review(note.text, note.context).findings}
        if not note.expect:
            report.clean += 1
            if found:
                report.false_alarms.append(f"{note.id} ({', '.join(sorted(found))})")
        for check in note.expect:
            report.expected[check] = report.expected.get(check, 0) + 1
            if check in found:
                report.caught[check] = report.caught.get(check, 0) + 1
            else:
                report.missed.append(f"{note.id}: {check}")
    return report
