"""A second reading of a question, learned from labelled examples instead of hand weights.

The phrase matcher knows what each rule is about only through the phrases and priorities
someone wrote; the router knows it through questions: each rule's own examples and the labelled
questions in `rules/routes.tsv`. A question is compared with every rule's examples as TF-IDF
vectors over its (spell-corrected, stemmed) words and word pairs and the concepts the phrase
matcher found, negated or not (the stance: "call every day" has
`too_often`, "not send a thank-you" has a negated `thanks`). The rule whose nearest examples are
most similar is the router's reading; `bot.advice.agreement` combines it with the matcher's.

Adding a rule with examples therefore teaches the router at once; nothing is weighted by hand.
Looking up a question costs a few postings lists, not a pass over every example.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bot.rulefiles import RulebookError

OUT_OF_SCOPE_LABEL = "out_of_scope"
"""The label of questions no rule should answer."""

CONCEPT_WEIGHT = 6.0
"""A matched concept counts as much as six words: it is the rulebook's own vocabulary, and it
carries the stance. Chosen by cross-validation on the project's own sets (2 to 8 tried)."""
COMMON_SHARE = 0.1
"""Features in more than this share of the examples ("the", " you") are left out of the index:
they say little and would make every look-up walk long postings lists."""
NEIGHBOURS = 2
"""How many nearest examples of a rule make its score (their mean similarity); 1, 2, 3 and 5
were tried by cross-validation. `Router.route` keeps exactly the best two per label."""

Features = Callable[[str], Sequence[str]]
"""Turns a question into feature names (words, word pairs, concepts). Character 3- to 5-grams
were tried too and cost accuracy in cross-validation (75.5% without against 71.9% with)."""


@dataclass(frozen=True, slots=True)
class Route:
    """The router's reading: the best label, its similarity, and the runner-up's."""

    label: str
    score: float
    runner_up: str | None = None
    runner_up_score: float = 0.0

    @property
    def margin(self) -> float:
        return self.score - self.runner_up_score


def basic_features(words: Sequence[str], concepts: Iterable[tuple[str, bool]] = ()) -> list[str]:
    """Feature names of a question already read into (stemmed) words and concepts."""
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in pairwise(words)]
    for name, negated in concepts:
        found.append(f"k:{'-' if negated else '+'}{name}")
    return found


class Router:
    """Nearest labelled examples over TF-IDF vectors; built once from (question, label) pairs."""

    def __init__(self, examples: Sequence[tuple[str, str]], features: Features) -> None:
        self.features = features
        raw = [(self._counts(features(q)), label) for q, label in examples]
        documents = len(raw) or 1
        frequency: dict[str, int] = defaultdict(int)
        for counts, _ in raw:
            for name in counts:
                frequency[name] += 1
        common = max(2.0, COMMON_SHARE * documents)
        self.idf = {
            n: math.log((1 + documents) / (1 + df)) + 1.0
            for n, df in frequency.items()
            if df <= common
        }
        self.labels: list[str] = []
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, (counts, label) in enumerate(raw):
            self.labels.append(label)
            for name, weight in self._vector(counts).items():
                self.postings[name].append((index, weight))

    @staticmethod
    def _counts(names: Iterable[str]) -> dict[str, float]:
        counts: dict[str, float] = defaultdict(float)
        for name in names:
            counts[name] += CONCEPT_WEIGHT if name.startswith("k:") else 1.0
        return counts

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        weighted = {
            n: (1.0 + math.log(c)) * self.idf[n] for n, c in counts.items() if n in self.idf
        }
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {n: w / norm for n, w in weighted.items()}

    def similarities(self, question: str) -> dict[int, float]:
        """Cosine similarity of the question to every example that shares a feature."""
        scores: dict[int, float] = defaultdict(float)
        for name, weight in self._vector(self._counts(self.features(question))).items():
            for index, other in self.postings.get(name, ()):
                scores[index] += weight * other
        return scores

    def route(self, question: str) -> Route | None:
        """The label whose nearest examples are closest, or None when nothing is similar."""
        # Each label's score is the mean of its NEIGHBOURS (2) best similarities; the best two
        # are kept per label as they come, instead of a list per label sorted afterwards.
        labels = self.labels
        top: dict[str, tuple[float, float]] = {}
        for index, value in self.similarities(question).items():
            label = labels[index]
            high, low = top.get(label, (0.0, 0.0))
            if value > high:
                top[label] = (value, high)
            elif value > low:
                top[label] = (high, value)
        if not top:
            return None
        best = second = ""
        best_score = second_score = -1.0
        for label, (high, low) in top.items():
            score = (high + low) / NEIGHBOURS
            if (score, label) > (best_score, best):
                best, best_score, second, second_score = label, score, best, best_score
            elif (score, label) > (second_score, second):
                second, second_score = label, score
        if len(top) == 1:
            return Route(best, best_score)
        return Route(best, best_score, second, second_score)


ROUTES_FILE = "routes.tsv"


def load_routes(directory: Path, known: Collection[str]) -> list[tuple[str, str]]:
    """Labelled questions from `routes.tsv` (``question<TAB>rule id or out_of_scope``).

    Absent file: none. A label that names no rule is a `RulebookError`, with file and line.
    """
    path = directory / ROUTES_FILE
    if not path.exists():
        return []
    problems: list[str] = []
    found: list[tuple[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError([f"{ROUTES_FILE}: cannot be read: {exc}"]) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        question, _, label = line.partition("\t")
        label = label.strip()
        if not question.strip() or not label:
            problems.append(f"{ROUTES_FILE}:{number}: expected question<TAB>rule id")
        elif label != OUT_OF_SCOPE_LABEL and label not in known:
            problems.append(f"{ROUTES_FILE}:{number}: {label!r} is not a rule id")
        else:
            found.append((question.strip(), label))
    if problems:
        raise RulebookError(problems)
    return found
