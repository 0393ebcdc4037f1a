"""One short question asked back when a single qualifier decides between ok and avoid.

"Can I call them again?" is fine once and harmful every day; "can I resign?" is fine with a
signed offer and risky without. Where the advisor is unsure between two such rules, asking
("One check-in, or again and again?") with a button per answer beats a long "it depends". The
questions are data, `rules/clarify.yaml`, checked against the rulebook when they load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.advice.rules import Rulebook
from bot.core.messages import Clarify
from bot.rulefiles import Fields, RulebookError, Unreadable, read_yaml

FILE = "clarify.yaml"
_ENTRY_FIELDS = frozenset({"id", "ask", "options"})
_OPTION_FIELDS = frozenset({"label", "rules"})


@dataclass(frozen=True, slots=True)
class Question:
    """One clarifying question: its text, and per answer a label and the rules it stands for."""

    id: str
    ask: str
    options: tuple[tuple[str, frozenset[str]], ...]

    def between(self, first: str, second: str) -> Clarify | None:
        """The question to ask when `first` and `second` are the rules in doubt, if it tells
        them apart (they belong to different answers)."""
        sides = [i for i, (_, rules) in enumerate(self.options) if first in rules]
        others = [i for i, (_, rules) in enumerate(self.options) if second in rules]
        if not sides or not others or sides[0] == others[0]:
            return None
        chosen = {sides[0]: first, others[0]: second}
        return Clarify(self.ask, tuple((self.options[i][0], chosen[i]) for i in sorted(chosen)))


@dataclass(frozen=True, slots=True)
class Clarifier:
    questions: tuple[Question, ...] = ()

    def ask(self, first: str, second: str) -> Clarify | None:
        """The first question that tells the two rules apart, or None."""
        for question in self.questions:
            found = question.between(first, second)
            if found is not None:
                return found
        return None


def load_clarifier(directory: Path, rulebook: Rulebook) -> Clarifier:
    """Read `clarify.yaml` from a rules directory (absent: no questions asked back)."""
    path = directory / FILE
    if not path.exists():
        return Clarifier()
    problems: list[str] = []
    data = read_yaml(path, FILE, problems)
    questions: list[Question] = []
    if not isinstance(data, Unreadable):
        entries = data.get("clarify") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(f"{FILE}: field clarify: must be a list of questions")
            entries = []
        for number, entry in enumerate(entries, start=1):
            question = _question(entry, number, rulebook, problems)
            if question is not None:
                questions.append(question)
    if problems:
        raise RulebookError(problems)
    return Clarifier(tuple(questions))


def _question(
    entry: object, number: int, rulebook: Rulebook, problems: list[str]
) -> Question | None:
    if not isinstance(entry, dict):
        problems.append(f"{FILE}: question {number}: must be a mapping")
        return None
    label = str(entry.get("id", number))
    fields = Fields(entry, f"{FILE}: question {label}", problems)
    fields.unknown(_ENTRY_FIELDS)
    ask = fields.text("ask")
    raw = entry.get("options")
    if not isinstance(raw, list) or len(raw) < 2:
        fields.fail("options", "must list at least two answers")
        return None
    options = [_option(option, fields, rulebook) for option in raw]
    if ask is None or any(option is None for option in options):
        return None
    return Question(label, ask, tuple(o for o in options if o is not None))


def _option(
    option: object, fields: Fields, rulebook: Rulebook
) -> tuple[str, frozenset[str]] | None:
    if not isinstance(option, dict):
        fields.fail("options", "each answer must be a mapping with label and rules")
        return None
    data: dict[Any, Any] = option
    inner = fields.nested(data, "options")
    inner.unknown(_OPTION_FIELDS)
    label = inner.text("label")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        fields.fail("options", f"answer {label!r}: rules must list rule ids")
        return None
    unknown = [r for r in rules if r not in rulebook.by_id]
    if unknown:
        fields.fail("options", f"answer {label!r}: unknown rule {', '.join(map(str, unknown))}")
        return None
    return (label, frozenset(rules)) if label is not None else None
