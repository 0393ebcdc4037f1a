"""Run every rule's example questions: an edit that moves one elsewhere is caught before it ships.

Adding a plausible rule can quietly take over questions another rule answered well; the
examples are each rule's statement of what it is for, so `afterview rules check` fails when an
example is no longer decided by its own rule. Problems read like the loader's:
``FILE: rule ID: field examples: 'QUESTION' is decided by OTHER (verdict)``.
"""

from __future__ import annotations

from bot.advice.advisor import Advisor


def misrouted_examples(advisor: Advisor) -> list[str]:
    """One problem per example that its own rule does not decide."""
    problems: list[str] = []
    for rule in advisor.rulebook.rules:
        for example in rule.examples:
            winner = advisor.explain(example).winner
            if winner is not None and winner.rule.id == rule.id:
                continue
            taken = (
                f"is decided by {winner.rule.id} ({winner.rule.verdict.value})"
                if winner is not None
                else "matches no rule"
            )
            problems.append(f"{rule.file}: rule {rule.id}: field examples: {example!r} {taken}")
    return problems
