"""Compare an evaluation run with a saved one: which questions' verdicts an edit moved.

A saved run is JSON lines, one ``{"question", "verdict", "rule"}`` object per question, the same
shape `afterview ask --json --batch` prints (its extra ``answer`` field is ignored), so either
can serve as the baseline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.advice.evaluation import Answer, CasesError
from bot.core.messages import Verdict


@dataclass(frozen=True, slots=True)
class Change:
    """One question whose verdict (or deciding rule) differs from the baseline."""

    question: str
    before: Answer
    after: Answer

    @property
    def verdict_moved(self) -> bool:
        return self.before.verdict is not self.after.verdict


def save_run(answers: Iterable[Answer], path: Path) -> None:
    lines = [
        json.dumps(
            {"question": a.question, "verdict": a.verdict.value, "rule": a.rule_id},
            ensure_ascii=False,
        )
        for a in answers
    ]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def load_run(path: Path) -> dict[str, Answer]:
    """A saved run by question; a malformed line is a `CasesError` naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasesError(f"{path}: cannot be read: {exc}") from exc
    run: dict[str, Answer] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            answer = Answer(str(record["question"]), Verdict(record["verdict"]), record.get("rule"))
        except (ValueError, KeyError, TypeError) as exc:
            raise CasesError(
                f"{path}:{number}: expected a JSON object with question, verdict, rule ({exc})"
            ) from None
        run[answer.question] = answer
    return run


def changes(baseline: Mapping[str, Answer], answers: Iterable[Answer]) -> list[Change]:
    """Questions answered in both runs whose verdict or deciding rule differs, in run order."""
    found: list[Change] = []
    for answer in answers:
        before = baseline.get(answer.question)
        if before is None:
            continue
        if before.verdict is not answer.verdict or before.rule_id != answer.rule_id:
            found.append(Change(answer.question, before, answer))
    return found


def render_changes(found: list[Change], compared: int) -> str:
    moved = [c for c in found if c.verdict_moved]
    lines = [
        f"Against the baseline: {len(moved)} of {compared} verdicts changed, "
        f"{len(found) - len(moved)} more questions changed only their deciding rule."
    ]
    for change in found:
        before, after = change.before, change.after
        what = (
            f"{before.verdict.value} -> {after.verdict.value}"
            if change.verdict_moved
            else f"still {after.verdict.value}"
        )
        lines.append(
            f"  {what} ({before.rule_id or 'no rule'} -> {after.rule_id or 'no rule'}): "
            f"{change.question}"
        )
    return "\n".join(lines)
