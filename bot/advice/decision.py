"""What the advisor decided for a question: the rules that applied, best first, and why."""

from __future__ import annotations

from dataclasses import dataclass

from bot.advice.reading import Reading
from bot.advice.rules import Rule


@dataclass(frozen=True, slots=True)
class Candidate:
    """One rule that applies to a question, and how specifically it fits."""

    rule: Rule
    score: float
    used: frozenset[str] = frozenset()
    """The concepts of the reading that satisfied the rule's requirements."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The explanation of an answer: the deciding rule (if any) and what it beat."""

    reading: Reading
    winner: Candidate | None
    runner_up: Candidate | None
    confidence: float
    ranked: tuple[Candidate, ...] = ()
    """Every applicable rule, best first (the winner included)."""
