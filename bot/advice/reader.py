"""Read a question into words and the rulebook's concepts: what the advisor decides from.

The words are normalised, shorthand expanded, typos corrected against the rulebook's own
vocabulary and stemmed; each concept's phrases are looked up by their first word (or a
prefix), and each mention is marked negated or denied where a negator reaches it (with the
mentions nested inside it); what a relative's name brings in is set aside where the relative is
whom the asker speaks for (`bot.advice.subjects`), and a concept's words inside a phrase of
another sense ("resigned to waiting") are set aside; two spans of time, compared, add a concept
of their own (`bot.advice.timing`). Kept apart
from the deciding (`bot.advice.advisor`) so that each can be read, and changed, on its own.
"""

from __future__ import annotations

from dataclasses import replace

from bot.advice.employers import employer_names
from bot.advice.lookup import IndexedPhrase, second_stem
from bot.advice.phrases import PREFIX, PREFIX_KEY, compile_phrase, match_phrase, prefix_forms
from bot.advice.question import NEGATORS, negated_clause, negation_scope, split_words, stem
from bot.advice.reading import Hit, Reading
from bot.advice.rules import Rulebook
from bot.advice.speller import Speller
from bot.advice.subjects import relative_subjects
from bot.advice.timing import BEFORE_THEIR_DATE, PAST_THEIR_DATE, timing_concept

SENSE = "~"
"""Marks, in the phrase index, a phrase of another sense of the concept named after it (no
concept name can start with it)."""


class Reader:
    """The rulebook's phrases, indexed, and the speller built from their words."""

    def __init__(self, rulebook: Rulebook) -> None:
        self._by_first: dict[str, list[IndexedPhrase]] = {}
        """Phrases by their first word, where the second can be anything (or there is none)."""
        self._by_pair: dict[tuple[str, str], list[IndexedPhrase]] = {}
        """Phrases by their first two words: most phrases fail on the second word, and are
        then never looked at."""
        self._by_prefix: dict[str, list[IndexedPhrase]] = {}
        vocabulary: set[str] = set()
        prefixes: set[str] = set()
        phrases = [(c.name, phrase) for c in rulebook.concepts.values() for phrase in c.phrases]
        phrases += [(SENSE + name, p) for name, senses in rulebook.senses.items() for p in senses]
        for name, phrase in phrases:
            pattern, words = compile_phrase(phrase)
            vocabulary.update(words)
            for value, kind in pattern:
                if kind == PREFIX:
                    prefixes.update(prefix_forms(value))
            if not pattern:
                continue
            first, kind = pattern[0]
            indexed = (name, pattern, second_stem(pattern))
            second = indexed[2]
            if kind == PREFIX:
                self._by_prefix.setdefault(first[:PREFIX_KEY], []).append(indexed)
            elif second is not None:
                self._by_pair.setdefault((first, second), []).append(indexed)
            else:
                self._by_first.setdefault(first, []).append(indexed)
        self.speller = Speller(vocabulary, prefixes)
        self._timing = {BEFORE_THEIR_DATE, PAST_THEIR_DATE} <= set(rulebook.concepts)
        """Whether the rulebook reads the spans of time in a question (`bot.advice.timing`)."""
        self._relations = rulebook.relations
        self._senses = bool(rulebook.senses)
        self._trades = rulebook.trades
        self._last: tuple[str, Reading] | None = None

    def read(self, question: str) -> Reading:
        """Find which concepts a question mentions, and which of them it negates.

        The last question's reading is kept: answering reads a question once for the matcher
        and, for long or unmatched questions, again for the router."""
        last = self._last
        if last is not None and last[0] == question:
            return last[1]
        reading = self._read(question)
        self._last = (question, reading)
        return reading

    def _read(self, question: str) -> Reading:
        split = split_words(question)
        words = tuple(self.speller.correct(w) for w in split.words)
        stems = tuple(stem(w) for w in words)
        scope = negation_scope(words, split.clauses)
        fact_scope = negation_scope(words, split.clauses, facts=True)
        after_negator = negated_clause(words, split.clauses)
        spans: list[tuple[str, int, int]] = []
        by_first, by_pair, by_prefix = self._by_first, self._by_pair, self._by_prefix
        last = len(words) - 1
        for start in range(len(words)):
            following = stems[start + 1] if start < last else None
            options = (
                *by_first.get(stems[start], ()),
                *(by_pair.get((stems[start], following), ()) if following is not None else ()),
                *by_prefix.get(words[start][:PREFIX_KEY], ()),
            )
            for name, pattern, second in options:
                if second is not None and second != following:
                    continue  # the common miss, decided without a call
                end = match_phrase(pattern, words, stems, split.clauses, start)
                if end > start:
                    spans.append((name, start, end))
        if self._senses:
            spans = _other_senses(spans)
        if self._relations:
            subjects = relative_subjects(words, split.clauses)
            spans = _set_aside(spans, self._relations, subjects)
        if self._trades:
            spans = _set_aside(spans, self._trades, employer_names(words, split.clauses))
        starts = [start for _, start, _ in spans]
        negates = _bound_first(starts, scope)
        denies = _bound_first(starts, fact_scope)
        found: dict[str, list[Hit]] = {}
        for name, start, end in spans:
            negated = start in negates
            hit = Hit(
                start,
                end,
                negated,
                split.clauses[start],
                in_scope=after_negator[start],
                self_negating=any(w in NEGATORS for w in words[start:end]),
                denied=negated or start in denies,
            )
            found.setdefault(name, []).append(hit)
        timed = timing_concept(words) if self._timing else None
        if timed is not None:
            found.setdefault(timed, []).append(Hit(0, 0, False, 0))
        hits = {name: _nested_negated(found_hits) for name, found_hits in found.items()}
        return Reading(words, hits, split.clauses, split.ask_start)


def _other_senses(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The concepts' mentions less those inside a phrase of another sense of the same concept
    ("quit" in "I quit sugar"), and without the phrases of other senses themselves."""
    other = [(name[1:], start, end) for name, start, end in spans if name[0] == SENSE]
    if not other:
        return spans
    return [
        (name, start, end)
        for name, start, end in spans
        if name[0] != SENSE
        and not any(name == of and at <= start and end <= to for of, at, to in other)
    ]


def _set_aside(
    spans: list[tuple[str, int, int]], names: frozenset[str], inside: tuple[range, ...]
) -> list[tuple[str, int, int]]:
    """The spans less the mentions of `names` that lie wholly inside one of `inside` (the
    relations read in a relative who is a subject, the trades read in an employer's name)."""
    if not inside:
        return spans
    return [
        span
        for span in spans
        if span[0] not in names
        or not any(span[1] in words and span[2] - 1 in words for words in inside)
    ]


def _nested_negated(hits: list[Hit]) -> tuple[Hit, ...]:
    """A mention inside a negated mention of the same concept is negated with it ("not looking
    to leave": "leave" is no plan to leave)."""
    negated = [(h.start, h.end) for h in hits if h.negated]
    if not negated:
        return tuple(hits)
    return tuple(
        replace(h, negated=True, denied=True)
        if not h.negated and any(a <= h.start and h.end <= b for a, b in negated)
        else h
        for h in hits
    )


def _bound_first(starts: list[int], scope: tuple[int, ...]) -> set[int]:
    """Where a negator binds: the first mention it reaches ("not reply to the recruiter"
    negates the reply, not the recruiter); later mentions in its reach stay affirmative."""
    first: dict[int, int] = {}
    for start in starts:
        negator = scope[start]
        if negator >= 0 and start < first.get(negator, len(scope)):
            first[negator] = start
    return set(first.values())
