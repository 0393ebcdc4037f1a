"""Answer "is it okay to ...?" with a verdict from the rulebook, or abstain.

How a question is read, so that every answer can be explained:

1. words: normalised, shorthand expanded, typos corrected against the rulebook's vocabulary,
   stemmed, and marked where a negator ("not", "never", "skip", "without") reaches;
2. concepts: every named phrase set that occurs (and whether it occurs negated);
3. rules: a rule is a candidate when each of its required groups is present, none of its vetoes
   is, and its `negated` concepts appear negated. Where some rule covers a concept's negation,
   a negated mention doesn't satisfy the others ("not send a thank-you" is not "send" one).
   The most specific candidate wins: more required groups (a concept that many rules require
   counts for less), then boosters, then how much of the question its required concepts cover,
   then priority. Rules with verdict out_of_scope mark topics we deliberately don't coach on.
4. nothing convincing: out of scope, rather than a guess.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from pathlib import Path

from bot.advice.clarify import load_clarifier
from bot.advice.decision import Candidate, Decision
from bot.advice.doubt import (
    DEPENDS,
    OPPOSITE,
    Doubt,
    depends_instead,
    depends_why,
    find_doubt,
)
from bot.advice.lookup import concept_weights, rule_index
from bot.advice.out_of_scope import asked_outside, names_no_process, outside_any_process
from bot.advice.question import (
    NEGATORS,
    asks,
    stem,
)
from bot.advice.quoted import QuotedTone
from bot.advice.reader import Reader
from bot.advice.reading import Reading
from bot.advice.reply import MARKS
from bot.advice.router import basic_features, load_routes
from bot.advice.rulebook_file import load_rulebook
from bot.advice.rules import Rule, Rulebook
from bot.advice.second_reading import SecondReading
from bot.advice.stance import NOT_DOING, asks_about_not_doing, asks_if_required, not_title
from bot.advice.ties import anchored, grounded, rivals
from bot.core.messages import Advice, Verdict
from bot.english import dictionary

OUT_OF_SCOPE_WHY = (
    "That's outside what I coach on: I help with what to do, and not do, after a job interview."
)
EMPTY_WHY = "I didn't catch a question there."

BOOST_WEIGHT = 0.15
COVERAGE_WEIGHT = 0.02
PRIORITY_WEIGHT = 0.3
QUOTED_CONFIDENCE = 0.8
"""How sure an answer decided by the asker's own quoted words is: the reviewer's tone checks
are specific phrases, not a reading of the whole question."""


class Advisor:
    """Matches questions against a loaded `Rulebook`; cheap to call, built once."""

    in_memory = True
    """Answers without I/O: adapters may call it on their event loop."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.reader = Reader(rulebook)
        self.speller = self.reader.speller
        self.weights = concept_weights(rulebook)
        self.negatable = frozenset(c for rule in rulebook.rules for c in rule.matcher.negated)
        """Concepts some rule requires negated; for these (and for states) negation changes the
        match."""
        self._rules_by_concept, self._unkeyed = rule_index(rulebook)
        self.clarifier = load_clarifier(rulebook.directory, rulebook)
        self._routes = load_routes(rulebook.directory, rulebook.by_id)
        self.quoted_tone = QuotedTone.load(rulebook.directory, rulebook.by_id)
        self._second: SecondReading | None = None

    @property
    def second(self) -> SecondReading:
        """The learned router over the rules' examples and `routes.tsv`, built on first use."""
        if self._second is None:
            self._second = SecondReading(self.rulebook, self._routes, self.route_features)
        return self._second

    def warm_up(self) -> None:
        """Build the router and load the speller's English dictionary now (a few hundred
        milliseconds each) so that no asker waits for them; the runner calls this at start-up,
        off the event loop."""
        _ = self.second.router
        dictionary()

    def route_features(self, question: str) -> list[str]:
        """What the router compares: the corrected, stemmed words and the concepts read."""
        reading = self.read(question)
        concepts = [(name, reading.negated(name)) for name in reading.hits]
        return basic_features([stem(w) for w in reading.words], concepts)

    @classmethod
    def from_dir(cls, directory: Path | None = None) -> Advisor:
        """An advisor over the rulebook in `directory` (default: the shipped one)."""
        return cls(load_rulebook(directory))

    # -- reading ------------------------------------------------------------------------------

    def read(self, question: str) -> Reading:
        """Find which concepts a question mentions, and which of them it negates (the
        reader keeps the last question's reading: answering may read a question twice)."""
        return self.reader.read(question)

    # -- deciding -----------------------------------------------------------------------------

    def score(self, rule: Rule, reading: Reading) -> float | None:
        """How specifically `rule` fits the reading, or None when it does not apply."""
        fit = self._fit(rule, reading)
        return None if fit is None else fit[0]

    def used_concepts(self, rule: Rule, reading: Reading) -> frozenset[str]:
        """The concepts of the reading that satisfy `rule`'s requirements (empty if it does
        not apply)."""
        fit = self._fit(rule, reading)
        return frozenset() if fit is None else fit[1]

    def _fit(self, rule: Rule, reading: Reading) -> tuple[float, frozenset[str]] | None:
        matcher = rule.matcher
        scoped = rule.verdict is Verdict.OUT_OF_SCOPE
        if not scoped and any(self._vetoes(name, reading) for name in matcher.none):
            return None  # an out-of-scope rule's vetoes are read once its own words are known
        used: set[str] = set()
        weight = 0.0
        for group in matcher.groups:
            found = [name for name in group.concepts if self._counts(name, reading)]
            if len(found) < group.at_least:
                return None
            if group.same_clause and not reading.together(found, group.at_least):
                return None
            if group.mentions and reading.mentions(found) < group.mentions:
                return None
            used.update(found)
            best = sorted((self.weights[name] for name in found), reverse=True)
            weight += sum(best[: group.at_least])
        for name in matcher.negated:
            if not (
                reading.denied(name) if name in self.rulebook.states else reading.negated(name)
            ):
                return None
            used.add(name)
            weight += self.weights[name]
        if scoped:
            own = reading.covered(used)
            if any(self._vetoes(name, reading, own) for name in matcher.none):
                return None
        boosts = [name for name in matcher.boost if self._counts(name, reading)]
        score = (
            weight
            + BOOST_WEIGHT * len(boosts)
            + COVERAGE_WEIGHT * len(reading.covered(used))
            + PRIORITY_WEIGHT * rule.priority
        )
        return score, frozenset(used)

    def covered_words(self, rule: Rule, reading: Reading) -> int:
        """How many of the question's words the rule's matched concepts account for."""
        return len(reading.covered(rule.matcher.scored()))

    def _agreed_coverage(self, decision: Decision, verdict: Verdict) -> int:
        """How many words the rules that apply and judge as `verdict` account for together,
        when none judges the other way; else the winner's alone."""
        assert decision.winner is not None
        reading = decision.reading
        ranked = decision.ranked
        opposite = OPPOSITE.get(verdict)
        if opposite is None or any(c.rule.verdict is opposite for c in ranked):
            return self.covered_words(decision.winner.rule, reading)
        agreeing = (name for c in ranked if c.rule.verdict is verdict for name in c.used)
        return max(
            len(reading.covered(agreeing)), self.covered_words(decision.winner.rule, reading)
        )

    def _counts(self, name: str, reading: Reading) -> bool:
        """Whether a concept satisfies a requirement: any mention does, unless the rulebook has
        a rule for its negation ("skip the thank-you"), in which case only an affirmed one, or
        it is a state, which must hold (`Reading.holds`)."""
        if name in self.rulebook.states:
            return reading.holds(name)
        if name in self.negatable:
            return reading.affirmed(name)
        return name in reading.hits

    def _vetoes(self, name: str, reading: Reading, own: Set[int] = frozenset()) -> bool:
        """Whether a concept in a rule's ``none`` rules it out: a mention outside a negation
        does ("call without a thank-you note" mentions no note), and a state must hold ("I
        haven't signed yet" is no signed offer). For an out-of-scope rule, a mention within
        `own`, the words of the rule's own topic, does not ("interview" inside "visa
        interview" names no hiring process)."""
        if name in self.rulebook.states:
            return reading.holds(name)
        if not own:
            return reading.affirmed(name)
        return any(not hit.negated and not hit.within(own) for hit in reading.hits.get(name, ()))

    def candidates(self, reading: Reading) -> list[Candidate]:
        """Every rule that applies, best first (ties in rulebook order).

        Only rules one of whose requirements was read are scored (`rule_index`): a rule none
        of whose concepts is in the question cannot apply, and most rules are that rule."""
        indexes = set(self._unkeyed)
        for name in reading.hits:
            indexes.update(self._rules_by_concept.get(name, ()))
        rules = self.rulebook.rules
        found: list[Candidate] = []
        for index in sorted(indexes):
            rule = rules[index]
            fit = self._fit(rule, reading)
            if fit is not None:
                found.append(Candidate(rule, *fit))
        found.sort(key=lambda c: -c.score)
        return found

    def explain(self, question: str) -> Decision:
        """The full decision for a question: what was read, which rule won, what it beat."""
        reading = self.read(question)
        ranked = self.candidates(reading)
        if not ranked:
            confidence = 0.6 if reading.hits else 0.9
            return Decision(reading, None, None, confidence)
        ranked = outside_any_process(
            ranked, reading, self.rulebook.context, self.rulebook.elsewhere
        )
        ranked = asked_outside(ranked, reading)
        winner = ranked[0]
        runner_up = next((c for c in ranked[1:] if c.rule.verdict != winner.rule.verdict), None)
        return Decision(reading, winner, runner_up, _confidence(winner, runner_up), tuple(ranked))

    def advise(self, question: str) -> Advice:
        """A verdict, the reason, the better move and where the advice comes from."""
        advice = self._advise(question)
        # A message the asker quotes as their own is read even when no rule matched the rest
        # ("reply \"match it or I'm out\"?" is an ultimatum whatever it is about).
        unmatched = advice.verdict is Verdict.OUT_OF_SCOPE and advice.title is None
        answered = advice.verdict in (Verdict.OK, Verdict.CAUTION) or unmatched
        if answered and self.quoted_tone is not None:
            finding = self.quoted_tone.finding(question)
            rule = self.rulebook.by_id.get(finding.rule_id) if finding is not None else None
            if rule is not None and rule.verdict is Verdict.AVOID:
                return self._answer(question, rule, rule.verdict, rule.title, QUOTED_CONFIDENCE)
        return advice

    def _advise(self, question: str) -> Advice:
        if not question or not question.strip():
            return Advice(question, Verdict.OUT_OF_SCOPE, None, EMPTY_WHY, "", 1.0)
        decision = self.explain(question)
        if decision.winner is None:
            filled = None if NEGATORS & set(decision.reading.words) else self.second.fill(question)
            if filled is not None and not self._may_fill(filled[0], decision.reading, question):
                filled = None
            if filled is not None:
                rule, rival = filled
                if rival is None:
                    return self._answer(question, rule, rule.verdict, rule.title, 0.5)
                rivalry = Doubt(rival, "two close readings judge the other way")
                return self._in_doubt(question, rule, rule.verdict, rule.title, rivalry, 0.5)
            return Advice(
                question, Verdict.OUT_OF_SCOPE, None, OUT_OF_SCOPE_WHY, "", decision.confidence
            )
        rule = decision.winner.rule
        if rule.verdict is Verdict.OUT_OF_SCOPE:
            return Advice(
                question=question,
                verdict=Verdict.OUT_OF_SCOPE,
                rule_id=None,
                why=rule.why,
                instead=rule.instead,
                confidence=decision.confidence,
                title=rule.title,
                topic=rule.topic,
            )
        verdict: Verdict = rule.verdict
        title = rule.title
        if asks_about_not_doing(rule, decision.reading):
            verdict, title = NOT_DOING[rule.verdict], not_title(rule.title)
        elif rule.verdict is not Verdict.OK and asks_if_required(rule, decision.reading):
            verdict, title = Verdict.OK, not_title(rule.title)
        doubt = find_doubt(
            verdict,
            rule,
            rivals(decision, self.weights),
            len(decision.reading.words),
            self._agreed_coverage(decision, verdict),
            anchored=anchored(
                decision.winner.rule, decision.winner.used, decision.reading, self.weights
            ),
        )
        if doubt is None:
            other = self.second.against(question, verdict, len(decision.reading.words))
            if (
                other is not None
                and other.id != rule.id
                and not self._ruled_out(other, decision.reading)
                and grounded(other, decision.reading, self.weights)
            ):
                doubt = Doubt(other, "a second reading of the question judges the other way")
        if doubt is None:
            return self._answer(question, rule, verdict, title, decision.confidence)
        return self._in_doubt(question, rule, verdict, title, doubt, decision.confidence)

    def _may_fill(self, rule: Rule, reading: Reading, question: str) -> bool:
        """Whether the router may answer with `rule` where no rule matched: the question is
        about what the rule is about (`grounded`) and mentions nothing the rule rules out
        (its ``none``), which the router, comparing words, cannot see ("my reference's new
        phone number" is not asking an interviewer for theirs). A question that names nothing
        of a hiring process is still filled ("should I send flowers?" is about the
        interviewer here), but not a query that asks nothing and names no process ("best
        pizza near me open now", "linkedin headline ideas"), nor one that names no process and
        reads as a single concept ("how long should I boil an egg?" is only "how long")."""
        unplaced = names_no_process(reading, self.rulebook.context)
        if unplaced and not asks(question, reading.words):
            return False  # "best pizza near me open now": a search for something else
        if unplaced and len(reading.concepts) < 2:
            return False  # "how long should I boil an egg?": one concept read, and no process
        return grounded(rule, reading, self.weights) and not any(
            self._vetoes(name, reading) for name in rule.matcher.none
        )

    def _ruled_out(self, rule: Rule, reading: Reading) -> bool:
        """Whether the question says a state holds that `rule` cannot apply to (one of its
        ``none``), or does not say a state holds that `rule` needs: the second reading compares
        words, not stances, so its reading is set aside then ("I signed the offer, can I give
        notice?" is not quitting before the offer; "I'll keep my other interviews" is not
        interviewing on after accepting one)."""
        states = self.rulebook.states
        if any(name in states and self._vetoes(name, reading) for name in rule.matcher.none):
            return True
        return any(
            all(name in states for name in group.concepts)
            and not any(reading.holds(name) for name in group.concepts)
            for group in rule.matcher.groups
        )

    def advise_rule(self, rule_id: str, question: str = "") -> Advice | None:
        """The advice of one rule, as chosen by the asker (a clarifying question's button)."""
        rule = self.rulebook.by_id.get(rule_id)
        if rule is None or rule.verdict is Verdict.OUT_OF_SCOPE:
            return None
        return self._answer(question, rule, rule.verdict, rule.title, 1.0)

    def _answer(
        self, question: str, rule: Rule, verdict: Verdict, title: str, confidence: float
    ) -> Advice:
        return Advice(
            question=question,
            verdict=verdict,
            rule_id=rule.id,
            why=rule.why,
            instead=rule.instead,
            confidence=confidence,
            title=title,
            topic=rule.topic,
            source=self.rulebook.citation(rule),
        )

    def _in_doubt(
        self,
        question: str,
        rule: Rule,
        verdict: Verdict,
        title: str,
        doubt: Doubt,
        confidence: float,
    ) -> Advice:
        """A caution: a clarifying question where one qualifier decides, else both sides."""
        sources = [self.rulebook.citation(rule)]
        if doubt.other is not None:
            sources.append(self.rulebook.citation(doubt.other))
        clarify = self.clarifier.ask(rule.id, doubt.other.id) if doubt.other else None
        if clarify is not None:
            chosen = [self.rulebook.rule(rule_id) for _, rule_id in clarify.options]
            hints = tuple(f"{MARKS[r.verdict]}: {r.title}" for r in chosen)
            clarify = replace(clarify, hints=hints)
        return Advice(
            question=question,
            verdict=Verdict.CAUTION,
            rule_id=rule.id,
            why=depends_why(verdict, title, rule.why, doubt),
            instead=depends_instead(rule.instead, doubt),
            confidence=min(confidence, 0.5),
            title=f"{DEPENDS}{title[:1].lower()}{title[1:]}",
            topic=rule.topic,
            source="; ".join(dict.fromkeys(sources)),
            clarify=clarify,
        )


def _confidence(winner: Candidate, runner_up: Candidate | None) -> float:
    """Stronger with a more specific match, weaker when a different verdict ran it close."""
    strength: float = 1.0 - 0.6 ** max(winner.score, 0.5)
    if runner_up is not None:
        margin = winner.score - runner_up.score
        strength *= 0.6 + 0.4 * min(1.0, max(0.0, margin))
    return round(min(0.99, max(0.05, strength)), 3)
