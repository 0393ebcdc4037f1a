"""The rulebook's values: sources, concepts (named phrase sets), matchers and rules.

Plain frozen data, built by `bot.advice.rulebook_file` from `rules/advice/*.yaml` and read by the
advisor; nothing here touches a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.messages import Verdict


@dataclass(frozen=True, slots=True)
class Source:
    """Where advice comes from, cited to the user."""

    key: str
    citation: str
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """A named set of phrases that mean the same thing for matching purposes."""

    name: str
    phrases: tuple[str, ...]
    file: str


@dataclass(frozen=True, slots=True)
class Group:
    """A requirement: at least `at_least` of `concepts` must appear in the question.

    With `same_clause`, they must appear together in one clause ("email and leave a voicemail"),
    not merely somewhere in the question ("no reply to my emails. Should I call?"). With
    `mentions`, the question must also name that many separate things among them ("a higher
    salary, more vacation, remote work and a signing bonus": four asks, two concepts).
    """

    concepts: tuple[str, ...]
    at_least: int = 1
    same_clause: bool = False
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class Matcher:
    groups: tuple[Group, ...]
    none: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    boost: tuple[str, ...] = ()

    def required(self) -> set[str]:
        """The concepts a match is built from: every group's, and those needed negated."""
        return {c for g in self.groups for c in g.concepts} | set(self.negated)

    def scored(self) -> set[str]:
        """The concepts a match is built from or boosted by: what of a question it explains."""
        return self.required() | set(self.boost)

    def concepts(self) -> set[str]:
        return self.required() | set(self.none) | set(self.boost)


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of advice: a verdict on an action, why, and the better move."""

    id: str
    topic: str
    verdict: Verdict
    title: str
    why: str
    instead: str
    sources: tuple[str, ...]
    matcher: Matcher
    file: str
    cite: str | None = None
    priority: int = 0
    examples: tuple[str, ...] = ()
    applies_when: str = ""
    """When the rule applies, in plain words and with its stance (who, how often, before or
    after the offer, which channel); the router learns from it as from an example."""


@dataclass(frozen=True, slots=True)
class Rulebook:
    rules: tuple[Rule, ...]
    concepts: Mapping[str, Concept]
    sources: Mapping[str, Source]
    directory: Path
    by_id: Mapping[str, Rule] = field(default_factory=dict)
    states: frozenset[str] = frozenset()
    """Concepts that say how things stand: a negated mention means they do not hold."""
    context: frozenset[str] = frozenset()
    """Concepts that place a question in a hiring process: where none is read, an out-of-scope
    rule that applies decides."""
    relations: frozenset[str] = frozenset()
    """Concepts a relative's name brings in ("my girlfriend": romance): set aside where the
    relative is the subject of a clause, whom the asker speaks for (`bot.advice.subjects`)."""
    trades: frozenset[str] = frozenset()
    """Concepts an employer's name or trade can bring in ("a wine bar": a gift): set aside
    inside the name of where the asker interviewed (`bot.advice.employers`)."""
    elsewhere: frozenset[str] = frozenset()
    """Concepts that name another process altogether ("a visa interview"): the hiring words
    inside their mentions place no question in a hiring process."""
    senses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per concept, phrases in which its words mean something else ("I'm resigned to waiting"
    is not resigning): its mentions inside them are set aside (`bot.advice.reader`)."""

    def rule(self, rule_id: str) -> Rule:
        return self.by_id[rule_id]

    def citation(self, rule: Rule) -> str:
        """A human citation: each source's title, the first with where in it when the rule says."""
        parts = [self.sources[key].citation for key in rule.sources]
        if rule.cite:
            parts[0] = f"{parts[0]}, {rule.cite}"
        return "; ".join(parts)
