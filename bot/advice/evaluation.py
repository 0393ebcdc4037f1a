"""Measure the advisor against real questions with known verdicts.

The rulebook is edited by people; this is how an edit is checked. A question file is TSV with
the columns ``question, expected, source_url, note`` (a header row is optional); ``expected``
may list two acceptable verdicts joined by ``|`` ("ok|caution"). The report gives accuracy, how
reliably out-of-scope questions are refused, how many in-scope questions get an answer at all,
the rate of critical errors (telling someone "ok" for what they should avoid, or the reverse), a
lenient score (a caution next to an ok or avoid counts half), a confusion matrix and every miss,
so a regression can be traced to the rule that caused it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.coach import AdviceSource
from bot.core.messages import Verdict


@dataclass(frozen=True, slots=True)
class Targets:
    """What a run must reach; which set applies depends on who wrote the questions."""

    name: str
    accuracy: float
    out_of_scope_recall: float
    critical_rate: float
    answered: float


WRITTEN_TARGETS = Targets("questions written here", 0.85, 0.80, 0.03, 0.90)
"""For the project's own regression sets, written with the rulebook in mind."""
REAL_TARGETS = Targets("real questions", 0.65, 0.85, 0.02, 0.90)
"""For real people's questions, each with the page its verdict comes from: the release bar
for questions nobody here wrote (the frozen part of the real split)."""


def targets_for(cases: Sequence[Case]) -> Targets:
    """Real questions carry the page their verdict comes from; questions written here do not."""
    return REAL_TARGETS if any(case.source_url for case in cases) else WRITTEN_TARGETS


_CRITICAL = frozenset({(Verdict.AVOID, Verdict.OK), (Verdict.OK, Verdict.AVOID)})
_ORDER = (Verdict.OK, Verdict.CAUTION, Verdict.AVOID, Verdict.OUT_OF_SCOPE)


class CasesError(ValueError):
    """A question file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Case:
    """One question with the verdict common advice gives."""

    question: str
    expected: Verdict
    source_url: str = ""
    note: str = ""
    line: int = 0
    also: Verdict | None = None
    """A second acceptable verdict ("ok|caution" in the file)."""

    @property
    def accepted(self) -> frozenset[Verdict]:
        return frozenset({self.expected} | ({self.also} if self.also else set()))

    def credit(self, answered: Verdict) -> float:
        """1 for an accepted verdict, 0.5 for a caution next to an ok or avoid (either way
        round), else 0."""
        if answered in self.accepted:
            return 1.0
        near = {Verdict.OK, Verdict.AVOID}
        if answered is Verdict.CAUTION and self.accepted & near:
            return 0.5
        if answered in near and Verdict.CAUTION in self.accepted:
            return 0.5
        return 0.0


@dataclass(frozen=True, slots=True)
class Answer:
    """What the advisor said to one question of a run."""

    question: str
    verdict: Verdict
    rule_id: str | None


@dataclass(frozen=True, slots=True)
class Miss:
    case: Case
    answered: Verdict
    rule_id: str | None
    confidence: float

    @property
    def critical(self) -> bool:
        return any((expected, self.answered) in _CRITICAL for expected in self.case.accepted)


@dataclass(frozen=True, slots=True)
class Report:
    """Results of one evaluation run; `render()` for people, `meets_targets()` for CI."""

    total: int
    correct: int
    confusion: dict[Verdict, dict[Verdict, int]]
    misses: tuple[Miss, ...] = field(default_factory=tuple)
    label: str = ""
    lenient_points: float = 0.0
    in_scope: int = 0
    in_scope_answered: int = 0
    answers: tuple[Answer, ...] = ()
    """Every question's answer, in file order (what `--save` writes and `--baseline` reads)."""
    targets: Targets = WRITTEN_TARGETS

    @property
    def lenient(self) -> float:
        return self.lenient_points / self.total if self.total else 0.0

    @property
    def answered_rate(self) -> float | None:
        """Share of in-scope questions that got a verdict rather than "not my area"."""
        return self.in_scope_answered / self.in_scope if self.in_scope else None

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def out_of_scope_recall(self) -> float | None:
        """Share of out-of-scope questions refused; None when the file has none."""
        row = self.confusion[Verdict.OUT_OF_SCOPE]
        expected = sum(row.values())
        return row[Verdict.OUT_OF_SCOPE] / expected if expected else None

    @property
    def critical_errors(self) -> int:
        return sum(1 for miss in self.misses if miss.critical)

    @property
    def critical_error_rate(self) -> float:
        return self.critical_errors / self.total if self.total else 0.0

    def meets_targets(self) -> bool:
        target = self.targets
        recall = self.out_of_scope_recall
        answered = self.answered_rate
        return (
            self.total > 0
            and self.accuracy >= target.accuracy
            and (recall is None or recall >= target.out_of_scope_recall)
            and self.critical_error_rate <= target.critical_rate
            and (answered is None or answered >= target.answered)
        )

    def render(self, *, misses: bool = True) -> str:
        """A readable summary, the confusion matrix and (unless `misses` is false: for questions
        kept back, whose wording nobody should see while editing) every miss."""
        if not self.total:
            return f"No questions to evaluate{f' in {self.label}' if self.label else ''}."
        recall = self.out_of_scope_recall
        target = self.targets
        lines = [
            f"Evaluated {self.total} questions{f' from {self.label}' if self.label else ''}"
            f" (targets for {target.name}): "
            + ("all targets met." if self.meets_targets() else "TARGETS MISSED."),
            _metric(
                "accuracy",
                self.accuracy,
                f">= {target.accuracy:.0%}",
                self.accuracy >= target.accuracy,
                f"{self.correct} of {self.total}",
            ),
            _metric(
                "out-of-scope recall",
                recall,
                f">= {target.out_of_scope_recall:.0%}",
                recall is None or recall >= target.out_of_scope_recall,
                "no out-of-scope questions" if recall is None else "",
            ),
            _metric(
                "critical errors",
                self.critical_error_rate,
                f"<= {target.critical_rate:.0%}",
                self.critical_error_rate <= target.critical_rate,
                f"{self.critical_errors} said ok/avoid the wrong way round",
            ),
            _metric(
                "in-scope answered",
                self.answered_rate,
                f">= {target.answered:.0%}",
                self.answered_rate is None or self.answered_rate >= target.answered,
                f"{self.in_scope_answered} of {self.in_scope}" if self.in_scope else "",
            ),
            f"  {'lenient score':<20} {self.lenient:6.1%}   (caution next to ok/avoid: half)",
            "",
            "Confusion (rows: expected, columns: answered)",
            _confusion_table(self.confusion),
        ]
        if self.misses and misses:
            lines += ["", f"Misses ({len(self.misses)}):"]
            for miss in self.misses:
                mark = "CRITICAL " if miss.critical else ""
                rule = miss.rule_id or "no rule"
                expected = "|".join(sorted(v.value for v in miss.case.accepted))
                lines.append(
                    f"  {mark}expected {expected}, answered "
                    f"{miss.answered.value} ({rule}, confidence {miss.confidence:.2f}): "
                    f"{miss.case.question}"
                )
        return "\n".join(lines)


def load_cases(path: Path | str) -> list[Case]:
    """Read a TSV of questions; a malformed line is a `CasesError` naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasesError(f"{path}: cannot be read: {exc}") from exc
    return parse_cases(text.splitlines(), str(path))


def parse_cases(lines: Iterable[str], label: str = "questions") -> list[Case]:
    cases: list[Case] = []
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for number, row in enumerate(reader, start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() == "question":
            continue
        if len(row) < 2:
            raise CasesError(f"{label}:{number}: expected question<TAB>expected verdict")
        question = row[0].strip()
        if not question:
            raise CasesError(f"{label}:{number}: the question is empty")
        verdicts: list[Verdict] = []
        for expected in row[1].split("|")[:2]:
            try:
                verdicts.append(Verdict(expected.strip().lower()))
            except ValueError:
                allowed = ", ".join(v.value for v in Verdict)
                raise CasesError(
                    f"{label}:{number}: expected verdict {row[1]!r} is not one of {allowed}"
                ) from None
        url = row[2].strip() if len(row) > 2 else ""
        note = row[3].strip() if len(row) > 3 else ""
        also = verdicts[1] if len(verdicts) > 1 and verdicts[1] != verdicts[0] else None
        cases.append(Case(question, verdicts[0], url, note, number, also))
    return cases


def evaluate(
    advisor: AdviceSource, cases: Sequence[Case], label: str = "", targets: Targets | None = None
) -> Report:
    """Ask every question and compare with the expected verdicts (against `targets`, by
    default those for whoever wrote the questions: `targets_for`)."""
    confusion = {expected: dict.fromkeys(_ORDER, 0) for expected in _ORDER}
    misses: list[Miss] = []
    answers: list[Answer] = []
    correct = 0
    lenient = 0.0
    in_scope = answered = 0
    for case in cases:
        advice = advisor.advise(case.question)
        answers.append(Answer(case.question, advice.verdict, advice.rule_id))
        accepted = advice.verdict in case.accepted
        confusion[case.expected][advice.verdict if not accepted else case.expected] += 1
        lenient += case.credit(advice.verdict)
        if Verdict.OUT_OF_SCOPE not in case.accepted:
            in_scope += 1
            answered += advice.verdict is not Verdict.OUT_OF_SCOPE
        if accepted:
            correct += 1
        else:
            misses.append(Miss(case, advice.verdict, advice.rule_id, advice.confidence))
    return Report(
        len(cases),
        correct,
        confusion,
        tuple(misses),
        label,
        lenient_points=lenient,
        in_scope=in_scope,
        in_scope_answered=answered,
        answers=tuple(answers),
        targets=targets or targets_for(cases),
    )


def _metric(name: str, value: float | None, target: str, met: bool, detail: str) -> str:
    shown = "n/a" if value is None else f"{value:6.1%}"
    status = "ok" if met else "MISSED"
    extra = f"  ({detail})" if detail else ""
    return f"  {name:<20} {shown:>7}  target {target:<6} {status}{extra}"


def _confusion_table(confusion: dict[Verdict, dict[Verdict, int]]) -> str:
    width = max(len(v.value) for v in _ORDER) + 2
    header = " " * width + "".join(f"{v.value:>{width}}" for v in _ORDER)
    rows = [header]
    for expected in _ORDER:
        cells = "".join(f"{confusion[expected][answered]:>{width}}" for answered in _ORDER)
        rows.append(f"{expected.value:<{width}}{cells}")
    return "\n".join(rows)
