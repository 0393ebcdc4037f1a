"""What the advisor read in a question: its words, clauses and the concepts found in it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a concept: words [start, end) of the question."""

    start: int
    end: int
    negated: bool
    clause: int = 0
    in_scope: bool = False
    """After a negator in the same clause (not only the first thing it reaches)."""
    self_negating: bool = False
    """The phrase itself carries the negation ("just not reply", "no news")."""
    denied: bool = False
    """Said not to be so, as a plan or as a fact: negated, or after a negator that reports the
    past ("I didn't get the offer"). What decides whether a state holds."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the advisor understood of a question: its words and the concepts found."""

    words: tuple[str, ...]
    hits: dict[str, tuple[Hit, ...]]
    clauses: tuple[int, ...] = ()
    """The clause number of each word."""
    ask_start: int = 0
    """Where the sentence that asks begins (0 for a question of one sentence)."""

    def clause_of(self, position: int) -> int:
        return self.clauses[position] if position < len(self.clauses) else 0

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(self.hits)

    def negated(self, concept: str) -> bool:
        """Whether the concept occurs inside a negation ("not send a thank-you")."""
        return any(h.negated for h in self.hits.get(concept, ()))

    def affirmed(self, concept: str) -> bool:
        """Whether the concept occurs outside any negation."""
        return any(not h.negated for h in self.hits.get(concept, ()))
