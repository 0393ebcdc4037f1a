"""Where the phrase matcher and the learned router (`bot.advice.router`) are combined.

The matcher decides; the router is a second reader that learned from labelled questions. It
earns its keep in two places, measured on the tuning part of the real questions and in
cross-validation on the project's own sets (`bench/router_study.py`):

- the matcher finds no rule at all, yet the question is close to a rule's examples: answer
  with that rule instead of "not my area" (in-scope questions get answered);
- the matcher is about to say a confident ok (or avoid) and the router reads a rule that
  judges the other way: that is the ok-against-avoid disagreement that precedes a flip, so the
  answer becomes "it depends" (or a clarifying question), never a confident guess.

Where the two agree, or disagree only by a caution, the matcher's answer stands.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.advice.doubt import OPPOSITE
from bot.advice.router import OUT_OF_SCOPE_LABEL, Features, Route, Router
from bot.advice.rules import Rule, Rulebook
from bot.core.messages import Verdict

FILL_SIMILARITY = 0.3
"""How close a question must be to a rule's examples for the router to answer it alone (0.2 to
0.3 answer the same on the tuning part; 0.4 leaves in-scope questions unanswered)."""
RIVAL_SHARE = 0.8
"""A runner-up this close (its share of the best score) that judges the other way puts a
gap-filling answer in doubt."""
AGAINST_SIMILARITY = 0.1
"""How close the router's opposite reading must be to put a confident verdict in doubt."""
AGAINST_WORDS = 14
"""Only questions longer than this are second-guessed: short ones the matcher reads reliably
(every tip of the source articles, however worded, keeps its confident answer; below 12 some
do not). 14 and 16 measure the same on the tuning part, 12 loses a right answer."""


class SecondReading:
    """The router's view of a question, in the two forms the advisor asks for."""

    def __init__(
        self, rulebook: Rulebook, examples: Sequence[tuple[str, str]], features: Features
    ) -> None:
        self.rulebook = rulebook
        own = [(example, rule.id) for rule in rulebook.rules for example in rule.examples]
        own += [(rule.applies_when, rule.id) for rule in rulebook.rules if rule.applies_when]
        self._examples = [*own, *examples]
        self._features = features
        self._router: Router | None = None

    @property
    def router(self) -> Router:
        """Built on first need (a few hundred milliseconds): most questions never need it."""
        if self._router is None:
            self._router = Router(self._examples, self._features)
        return self._router

    def _rule(self, question: str, least: float) -> Rule | None:
        return self._routed(question, least)[0]

    def _routed(self, question: str, least: float) -> tuple[Rule | None, Route | None]:
        route = self.router.route(question)
        if route is None or route.score < least or route.label == OUT_OF_SCOPE_LABEL:
            return None, route
        return self.rulebook.by_id.get(route.label), route

    def fill(self, question: str) -> tuple[Rule, Rule | None] | None:
        """An in-scope rule for a question the matcher found nothing for, or None; with it, a
        close runner-up that judges the other way (then the answer is "it depends")."""
        rule, route = self._routed(question, FILL_SIMILARITY)
        if rule is None or route is None or rule.verdict is Verdict.OUT_OF_SCOPE:
            return None
        rival = self.rulebook.by_id.get(route.runner_up or "")
        close = route.runner_up_score >= RIVAL_SHARE * route.score
        if rival is not None and close and rival.verdict is OPPOSITE.get(rule.verdict):
            return rule, rival
        return rule, None

    def against(self, question: str, verdict: Verdict, words: int) -> Rule | None:
        """A rule the router reads that judges the other way (ok against avoid), or None;
        `words` is the question's length (short questions are not second-guessed)."""
        if verdict not in OPPOSITE or words <= AGAINST_WORDS:
            return None
        rule = self._rule(question, AGAINST_SIMILARITY)
        return rule if rule is not None and rule.verdict is OPPOSITE[verdict] else None
