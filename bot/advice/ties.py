"""How firmly a rule is tied to a question, beyond matching it.

A rule can match a long question on one word of its story. Two checks say whether it is
about what is asked: `anchored` (may the advisor answer it confidently, or is it a guess; see
`bot.advice.doubt`) and `grounded` (may the router, which compares words, answer with it).
`rivals` are the other rules that fit nearly as well and so may put the winner in doubt.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.advice.decision import Decision
from bot.advice.doubt import RIVAL_MARGIN
from bot.advice.question import BACK_REFERENCES
from bot.advice.reading import Reading
from bot.advice.rules import Rule
from bot.advice.stance import waiting_option

SETTING_WEIGHT = 0.63
"""A concept weighing this little (needed by 15 rules or more: "a job", "the interviewer", "a
thank-you", "to follow up") sets the scene rather than deciding between rules. Chosen on the
tuning part and the written sets: 0.59 and 0.61 leave one or two more questions in doubt, 0.66
answers the same as 0.63."""


def anchored(
    rule: Rule, used: frozenset[str], reading: Reading, weights: Mapping[str, float]
) -> bool:
    """Whether the deciding rule is tied to what is asked, however much story comes first:
    it matched (`used`) two concepts that are more than the setting, one of its concepts is in
    the sentence that asks ("... Should I ring again today?"), or that sentence points back at
    the story where the rule's specific concept is ("I drafted a furious email. Is it okay to
    send it tonight?"; not the "it" of "is it okay to"). Measured on the learning halves: the
    pointing back released 7 right answers against 1 half-right caution, and no flip."""
    specific = [name for name in used if weights[name] > SETTING_WEIGHT]
    if len(specific) >= 2:
        return True
    if not reading.ask_start:
        return False
    names = rule.matcher.scored()
    if any(hit.start >= reading.ask_start for name in names for hit in reading.hits.get(name, ())):
        return True
    asked = reading.words[reading.ask_start :]
    return bool(specific) and any(
        word in BACK_REFERENCES and not _placeholder(asked, index)
        for index, word in enumerate(asked)
    )


def _placeholder(words: tuple[str, ...], index: int) -> bool:
    """Whether "it" only holds the place of what follows ("is it okay to send one?", "would
    it be rude if I called?"), pointing at nothing before."""
    return words[index] == "it" and any(w in ("to", "if") for w in words[index + 1 : index + 4])


def grounded(rule: Rule, reading: Reading, weights: Mapping[str, float]) -> bool:
    """Whether the question mentions what `rule` is about, so that the router may answer with
    it: one of the rule's concepts that is more than the setting, or two of any. The router
    compares words, so a question sharing only "a job" and "which of the two" with a rule's
    examples ("software engineering or data science?" near "a thank-you by email or by
    letter?") is close to them by accident, and gets "not my area" instead."""
    names = rule.matcher.scored()
    shared = [name for name in names if name in reading.hits]
    return len(shared) >= 2 or any(weights[name] > SETTING_WEIGHT for name in shared)


def rivals(decision: Decision, weights: Mapping[str, float]) -> list[Rule]:
    """The other applicable rules close enough to the winner to put it in doubt, best first.
    A rule that needs only part of what the winner matched is the broader reading of the same
    question ("send a thank-you" under "send the same thank-you to everyone"): the winner's
    extra concept is the qualifier that decides, so it is no rival. Nor is a rule that leans
    on something the question mentions only inside a negation or as what did not happen ("list
    my references without giving them a heads-up" is not briefing them)."""
    winner = decision.winner
    assert winner is not None
    reading = decision.reading
    waiting = waiting_option(reading.words, reading.clauses)
    return [
        c.rule
        for c in decision.ranked[1:]
        if c.score >= winner.score - RIVAL_MARGIN
        and not broader(c.used, winner.used, weights)
        and not _only_not_done(c.used - winner.used, reading, waiting)
    ]


def _only_not_done(extra: frozenset[str], reading: Reading, waiting: frozenset[int]) -> bool:
    """Whether one of a rival's own concepts is mentioned only as what is not done: inside a
    negation, as what did not happen ("didn't tell any of them"), or in an option of holding
    back, the words at `waiting` ("or wait for the paperwork": no question about when to follow
    up)."""
    return any(
        all(hit.denied or hit.within(waiting) for hit in reading.hits[name]) for name in extra
    )


def broader(rival: frozenset[str], winner: frozenset[str], weights: Mapping[str, float]) -> bool:
    """Whether a rival matched only a part of what the winner matched, give or take the setting
    concepts that many rules need ("a job", "a thank-you")."""
    extra = rival - winner
    return rival != winner and all(weights[name] <= SETTING_WEIGHT for name in extra)
