"""What the advisor looks things up by, so that a question costs a few lookups, not a scan.

Phrases are filed under their first word (the reader's `_by_first` / `_by_prefix`), with their
second word alongside so that the common miss is decided without trying the full match; rules
are filed under the concepts they need, so that only rules that could apply are scored. Both
give exactly what scanning everything would (tested against a full scan). And what a matched
concept weighs, from how many rules need it.
"""

from __future__ import annotations

import math

from bot.advice.phrases import EXACT, Pattern
from bot.advice.rules import Rulebook

IndexedPhrase = tuple[str, Pattern, str | None]
"""A phrase filed under its first word: its concept, its pattern and its second stem (None
when its second word is not a plain word), checked before the full match is tried."""


def second_stem(pattern: Pattern) -> str | None:
    if len(pattern) >= 2 and pattern[1][1] == EXACT:
        return pattern[1][0]
    return None


def rule_index(rulebook: Rulebook) -> tuple[dict[str, list[int]], list[int]]:
    """For each concept, the rules (by position) to score when it is read, and the rules to
    score always. A rule is filed under the concepts of one of its requirements (a group
    needing at least one of them, or a concept it needs negated), the smallest: it cannot
    apply unless one of those was read."""
    by_concept: dict[str, list[int]] = {}
    always: list[int] = []
    for index, rule in enumerate(rulebook.rules):
        matcher = rule.matcher
        needs: list[set[str]] = [set(g.concepts) for g in matcher.groups if g.at_least >= 1]
        needs += [{name} for name in matcher.negated]
        if not needs:
            always.append(index)
            continue
        smallest: set[str] = min(needs, key=len)
        for name in sorted(smallest):
            by_concept.setdefault(name, []).append(index)
    return by_concept, always


def concept_weights(rulebook: Rulebook) -> dict[str, float]:
    """How much a matched concept says: one that many rules require is less telling.

    A concept required by n rules weighs 0.5 + 0.5 / sqrt(n), so "mentions a job" (required
    almost everywhere) counts for little and "phone screen" (one rule) counts fully.
    """
    uses: dict[str, int] = dict.fromkeys(rulebook.concepts, 0)
    for rule in rulebook.rules:
        for name in rule.matcher.required():
            uses[name] += 1
    return {name: 0.5 + 0.5 / math.sqrt(max(count, 1)) for name, count in uses.items()}
