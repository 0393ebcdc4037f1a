"""When an out-of-scope rule decides over an in-scope one that scores higher.

An in-scope rule can match the words of a question that is not about the days after an
interview: "how long should I wait to text him after our first date?" follows up, and a story
about waiting to hear back can end with "how long should a cover letter be?". Two signs put the
out-of-scope rule that applies first: the question names nothing of a hiring process, or the
sentence that asks names the out-of-scope topic and nothing else the in-scope winner matched.
"""

from __future__ import annotations

from collections.abc import Set

from bot.advice.decision import Candidate
from bot.advice.reading import Reading
from bot.core.messages import Verdict


def outside_any_process(
    ranked: list[Candidate], reading: Reading, context: Set[str], elsewhere: Set[str] = frozenset()
) -> list[Candidate]:
    """An out-of-scope rule that applies first, where the question names none of the
    `context` concepts (`Rulebook.context`) outside the mentions of another process that rule
    matched (`Rulebook.elsewhere`: the "interview" of "my visa interview"). On the learning
    halves: 3 right answers more, 1 fewer (a portfolio sent as a follow-up, read as a résumé
    question)."""
    scoped = _first_out_of_scope(ranked)
    if scoped is None or scoped is ranked[0]:
        return ranked
    if not names_no_process(reading, context, reading.covered(scoped.used & elsewhere)):
        return ranked
    return _first(scoped, ranked)


def names_no_process(reading: Reading, context: Set[str], inside: Set[int] = frozenset()) -> bool:
    """Whether the question names none of the rulebook's `context` concepts (a rulebook that
    lists none says nothing about it), leaving out mentions that lie within the words `inside`."""
    if not context:
        return False
    return all(
        hit.within(inside) for name in context & reading.concepts for hit in reading.hits[name]
    )


def asked_outside(ranked: list[Candidate], reading: Reading) -> list[Candidate]:
    """An out-of-scope rule first where the sentence that asks names its topic and nothing
    else the in-scope winner matched (the letter of "cover letter" is no thank-you letter)."""
    start = reading.ask_start
    if not start or ranked[0].rule.verdict is Verdict.OUT_OF_SCOPE:
        return ranked

    def asked(candidate: Candidate) -> set[int]:
        return reading.covered(candidate.used, start)

    scoped = next((c for c in ranked if c.rule.verdict is Verdict.OUT_OF_SCOPE and asked(c)), None)
    if scoped is None or asked(ranked[0]) - asked(scoped):
        return ranked
    return _first(scoped, ranked)


def _first_out_of_scope(ranked: list[Candidate]) -> Candidate | None:
    return next((c for c in ranked if c.rule.verdict is Verdict.OUT_OF_SCOPE), None)


def _first(chosen: Candidate, ranked: list[Candidate]) -> list[Candidate]:
    return [chosen, *(c for c in ranked if c is not chosen)]
