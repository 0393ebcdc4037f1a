"""What the advisor read in a question: its words, clauses and the concepts found in it."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from bot.advice.question import not_yet


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

    def within(self, words: Set[int]) -> bool:
        """Whether every word of the mention is one of `words` (the "interview" of "my visa
        interview" lies within the visa topic's words)."""
        return all(at in words for at in range(self.start, self.end))


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

    def covered(self, concepts: Iterable[str], start: int = 0) -> set[int]:
        """The positions of the words that mentions of `concepts` account for, from `start`
        on (a mention that begins before it does not count)."""
        return {
            word
            for name in concepts
            for hit in self.hits.get(name, ())
            if hit.start >= start
            for word in range(hit.start, hit.end)
        }

    def negated(self, concept: str) -> bool:
        """Whether the concept occurs inside a negation ("not send a thank-you")."""
        return any(h.negated for h in self.hits.get(concept, ()))

    def affirmed(self, concept: str) -> bool:
        """Whether the concept occurs outside any negation."""
        return any(not h.negated for h in self.hits.get(concept, ()))

    def holds(self, state: str) -> bool:
        """Whether a state is said to hold: mentioned neither denied ("I haven't signed", "I
        didn't get the written offer") nor as not yet ("until the contract is signed")."""
        return any(
            not hit.denied and not not_yet(self.words, self.clauses, hit.start)
            for hit in self.hits.get(state, ())
        )

    def denied(self, state: str) -> bool:
        """Whether a state is said not to hold ("I haven't signed", "I didn't get the offer")."""
        return any(hit.denied for hit in self.hits.get(state, ()))

    def mentions(self, names: list[str]) -> int:
        """How many separate things the mentions of `names` name: overlapping mentions
        ("signing bonus" and its "bonus") are one, and so are mentions side by side in a clause
        ("remote equipment"); a comma or an "and" between them makes two."""
        spans = sorted((h.start, h.end, h.clause) for name in names for h in self.hits[name])
        count, reach, last_clause = 0, -1, -1
        for start, end, clause in spans:
            if start > reach or (start == reach and clause != last_clause):
                count += 1
            reach, last_clause = max(reach, end), clause
        return count

    def together(self, names: list[str], at_least: int) -> bool:
        """Whether `at_least` of the concepts occur within one clause."""
        per_clause: dict[int, set[str]] = {}
        for name in names:
            for hit in self.hits[name]:
                per_clause.setdefault(hit.clause, set()).add(name)
        return any(len(found) >= at_least for found in per_clause.values())
