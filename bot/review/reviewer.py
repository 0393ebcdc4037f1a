"""The reviewer: runs every check over a note and decides the verdict.

Findings come worst first (the order of `CHECKS`), and minor ones are capped per check, so
that a real problem is never buried under nitpicks. Nothing a person pastes is kept: the note
lives only as long as the call.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.english import dictionary
from bot.review.checkfile import ReviewRules, load_review_rules
from bot.review.note import Note
from bot.review.phrases import phrase_findings
from bot.review.specific import generic_findings, name_words, wrong_name_findings
from bot.review.spelling import spelling_findings
from bot.review.structure import emoji_findings, frame_findings, length_findings
from bot.review.values import CHECKS, KINDS, MAX_NOTE, Finding, NoteContext, Review, Severity

PHRASE_CHECKS = ("casual", "angry", "romantic", "pressure", "apology", "demands")
KIND_PREFERENCE = ("withdraw", "rejection-reply", "follow-up", "linkedin", "thank-you")
"""Which kind wins when a note's cues tie: the more particular kinds first."""


class Reviewer:
    """Reviews notes against the checks under `rules/review/`."""

    def __init__(self, rules: ReviewRules) -> None:
        self.rules = rules

    @classmethod
    def from_dir(
        cls, directory: Path | None = None, *, known_rules: Iterable[str] | None = None
    ) -> Reviewer:
        return cls(load_review_rules(directory, known_rules=known_rules))

    def warm_up(self) -> None:
        """Load the dictionary now rather than on the first review."""
        dictionary()

    def guess_kind(self, note: Note) -> str:
        scores = {
            name: sum(1 for cue in spec.cues if cue.search(note.norm))
            for name, spec in self.rules.kinds.items()
        }
        best = max(scores.values(), default=0)
        if best == 0:
            return "thank-you"
        return next(k for k in KIND_PREFERENCE if scores.get(k) == best)

    def review(self, text: str, context: NoteContext | None = None) -> Review:
        context = context or NoteContext()
        note = Note(text[:MAX_NOTE])
        kind = context.kind if context.kind in KINDS else self.guess_kind(note)
        assert kind is not None
        findings = self._findings(note, kind, context)
        shown, hidden = _capped(findings, self.rules)
        verdict = "ok"
        if shown:
            worst = {f.severity for f in shown}
            verdict = "avoid" if Severity.AVOID in worst else "caution"
        return Review(verdict=verdict, kind=kind, findings=tuple(shown), hidden=hidden)

    def _findings(self, note: Note, kind: str, context: NoteContext) -> list[Finding]:
        checks = self.rules.checks
        found: list[Finding] = []
        if not note.norm.strip():
            return found
        for check in PHRASE_CHECKS:
            spec = checks[check]
            if spec.applies_to(kind):
                found.extend(phrase_findings(spec, note, kind))
        casual = checks["casual"]
        found.extend(emoji_findings(casual, note))
        found.extend(frame_findings(casual, note, self.rules.kinds[kind], self.rules.structure))
        if checks["generic"].applies_to(kind):
            found.extend(generic_findings(checks["generic"], note, context))
        found.extend(wrong_name_findings(checks["wrong_name"], note, context))
        found.extend(length_findings(checks["length"], note, kind))
        spelling = checks["spelling"]
        slips = list(phrase_findings(spelling, note, kind))
        found.extend(slips)
        known = name_words([context.company or "", *context.interviewers, *context.topics])
        taken = [(f.start, f.end) for f in found if f.check in ("spelling", "casual")]
        taken += [(f.start, f.end) for f in found if f.check == "wrong_name"]
        found.extend(spelling_findings(spelling, note, known, taken))
        return found


def _capped(findings: list[Finding], rules: ReviewRules) -> tuple[list[Finding], int]:
    order = {check: n for n, check in enumerate(CHECKS)}
    ordered = sorted(findings, key=lambda f: (order[f.check], f.start))
    limit = int(rules.checks["spelling"].settings.get("max_findings", 4))
    shown: list[Finding] = []
    hidden = 0
    spelled = 0
    for finding in ordered:
        if finding.check == "spelling":
            spelled += 1
            if spelled > limit:
                hidden += 1
                continue
        shown.append(finding)
    return shown, hidden
