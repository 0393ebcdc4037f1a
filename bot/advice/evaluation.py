"""Measure the advisor against real questions with known verdicts.

The rulebook is edited by people; this is how an edit is checked. A question file is TSV with
the columns ``question, expected, source_url, note`` (a header row is optional). The report
gives accuracy, how reliably out-of-scope questions are refused, the rate of critical errors
(telling someone "ok" for what they should avoid, or the reverse), a confusion matrix and every
miss, so a regression can be traced to the rule that caused it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.coach import AdviceSource
from bot.core.messages import Verdict

TARGET_ACCURACY = 0.85
TARGET_OUT_OF_SCOPE_RECALL = 0.80
TARGET_CRITICAL_RATE = 0.03

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


@dataclass(frozen=True, slots=True)
class Miss:
    case: Case
    answered: Verdict
    rule_id: str | None
    confidence: float

    @property
    def critical(self) -> bool:
        return (self.case.expected, self.answered) in _CRITICAL


@dataclass(frozen=True, slots=True)
class Report:
    """Results of one evaluation run; `render()` for people, `meets_targets()` for CI."""

    total: int
    correct: int
    confusion: dict[Verdict, dict[Verdict, int]]
    misses: tuple[Miss, ...] = field(default_factory=tuple)
    label: str = ""

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
        recall = self.out_of_scope_recall
        return (
            self.total > 0
            and self.accuracy >= TARGET_ACCURACY
            and (recall is None or recall >= TARGET_OUT_OF_SCOPE_RECALL)
            and self.critical_error_rate <= TARGET_CRITICAL_RATE
        )

    def render(self) -> str:
        """A readable summary, the confusion matrix and every miss."""
        if not self.total:
            return f"No questions to evaluate{f' in {self.label}' if self.label else ''}."
        recall = self.out_of_scope_recall
        lines = [
            f"Evaluated {self.total} questions{f' from {self.label}' if self.label else ''}: "
            + ("all targets met." if self.meets_targets() else "TARGETS MISSED."),
            _metric(
                "accuracy",
                self.accuracy,
                f">= {TARGET_ACCURACY:.0%}",
                self.accuracy >= TARGET_ACCURACY,
                f"{self.correct} of {self.total}",
            ),
            _metric(
                "out-of-scope recall",
                recall,
                f">= {TARGET_OUT_OF_SCOPE_RECALL:.0%}",
                recall is None or recall >= TARGET_OUT_OF_SCOPE_RECALL,
                "no out-of-scope questions" if recall is None else "",
            ),
            _metric(
                "critical errors",
                self.critical_error_rate,
                f"<= {TARGET_CRITICAL_RATE:.0%}",
                self.critical_error_rate <= TARGET_CRITICAL_RATE,
                f"{self.critical_errors} said ok/avoid the wrong way round",
            ),
            "",
            "Confusion (rows: expected, columns: answered)",
            _confusion_table(self.confusion),
        ]
        if self.misses:
            lines += ["", f"Misses ({len(self.misses)}):"]
            for miss in self.misses:
                mark = "CRITICAL " if miss.critical else ""
                rule = miss.rule_id or "no rule"
                lines.append(
                    f"  {mark}expected {miss.case.expected.value}, answered "
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
        question, expected = row[0].strip(), row[1].strip().lower()
        if not question:
            raise CasesError(f"{label}:{number}: the question is empty")
        try:
            verdict = Verdict(expected)
        except ValueError:
            allowed = ", ".join(v.value for v in Verdict)
            raise CasesError(
                f"{label}:{number}: expected verdict {row[1]!r} is not one of {allowed}"
            ) from None
        url = row[2].strip() if len(row) > 2 else ""
        note = row[3].strip() if len(row) > 3 else ""
        cases.append(Case(question, verdict, url, note, number))
    return cases


def evaluate(advisor: AdviceSource, cases: Sequence[Case], label: str = "") -> Report:
    """Ask every question and compare with the expected verdicts."""
    confusion = {expected: dict.fromkeys(_ORDER, 0) for expected in _ORDER}
    misses: list[Miss] = []
    correct = 0
    for case in cases:
        advice = advisor.advise(case.question)
        confusion[case.expected][advice.verdict] += 1
        if advice.verdict == case.expected:
            correct += 1
        else:
            misses.append(Miss(case, advice.verdict, advice.rule_id, advice.confidence))
    return Report(len(cases), correct, confusion, tuple(misses), label)


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
