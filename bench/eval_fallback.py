"""Would a nearest-labelled-question fallback help where the rule matcher abstains?

Prints figures only; nothing here asserts anything. The fallback: when no rule matches a
question (the advisor abstains with "out of scope" and no deciding rule), find the most similar
labelled question (TF-IDF over word unigrams and bigrams plus character 3-5-grams of the
normalised words, cosine similarity) and, if the similarity reaches a threshold, answer with
that question's verdict; otherwise keep abstaining.

The labelled pool: every rule's `examples` (verdict as the advisor answers them when their own
rule decides, else the rule's verdict), plus the questions of the extra and unseen files the
advisor already answers correctly (neighbour verdict = the label). The dev file is never in it.

Cross-validation: K=5 folds (fixed seed) over all questions of the extra and unseen files; for
each fold the pool leaves out that fold's questions and any rule example identical to one of
them. Caveat: the rules themselves were tuned on these files, so the "rules only" figures are
in-sample; the fallback's gain is measured on the held-out abstentions only.
"""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import load_cases  # noqa: E402
from bot.advice.question import split_words  # noqa: E402
from bot.core.messages import Verdict  # noqa: E402

DATA = ROOT / "tests" / "data"
POOL_FILES = ("questions-extra.tsv", "questions-unseen.tsv", "questions-unseen-2.tsv")
DEV_FILE = "questions-dev.tsv"
FOLDS = 5
SEED = 20261122
THRESHOLDS = (0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.70, 0.80, 1.01)
CUTOFFS = (0.0, 0.3, 0.5)
"""Where the fallback may answer: abstentions only (0), or also winners under this confidence."""
MIN_OOS_RECALL = 0.85
MIN_DEV_ACCURACY = 0.95
MIN_GAIN_POINTS = 3.0
CRITICAL = frozenset({(Verdict.AVOID, Verdict.OK), (Verdict.OK, Verdict.AVOID)})


@dataclass(frozen=True, slots=True)
class Item:
    """A question, its label, and what the rules answered (None: no rule matched)."""

    question: str
    label: Verdict
    answered: Verdict
    abstained: bool
    confidence: float


@dataclass(frozen=True, slots=True)
class Neighbour:
    question: str
    verdict: Verdict


def features(text: str) -> Counter[str]:
    """Word unigrams and bigrams and character 3-5-grams of the normalised words."""
    words = split_words(text).words
    found: Counter[str] = Counter()
    for index, word in enumerate(words):
        found["w:" + word] += 1
        if index:
            found[f"b:{words[index - 1]} {word}"] += 1
    joined = f" {' '.join(words)} "
    for size in (3, 4, 5):
        for start in range(len(joined) - size + 1):
            found["c:" + joined[start : start + size]] += 1
    return found


class Index:
    """TF-IDF vectors of the pool; `nearest` gives the best neighbour and its cosine."""

    def __init__(self, pool: Sequence[Neighbour]) -> None:
        self.pool = list(pool)
        counted = [features(n.question) for n in self.pool]
        df: Counter[str] = Counter()
        for feats in counted:
            df.update(feats.keys())
        total = len(counted)
        self.idf = {f: math.log((1 + total) / (1 + d)) + 1.0 for f, d in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for row, feats in enumerate(counted):
            vector = self._vector(feats)
            for f, value in vector.items():
                self.postings.setdefault(f, []).append((row, value))

    def _vector(self, feats: Counter[str]) -> dict[str, float]:
        vector = {f: (1.0 + math.log(n)) * self.idf[f] for f, n in feats.items() if f in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {f: v / norm for f, v in vector.items()}

    def nearest(self, question: str) -> tuple[Neighbour | None, float]:
        scores: dict[int, float] = {}
        for f, value in self._vector(features(question)).items():
            for row, weight in self.postings.get(f, ()):
                scores[row] = scores.get(row, 0.0) + value * weight
        if not scores:
            return None, 0.0
        row = max(scores, key=lambda r: scores[r])
        return self.pool[row], scores[row]


def unsure(item: Item, cutoff: float) -> bool:
    """Whether the fallback may answer: no rule matched, or the winner's confidence is under
    `cutoff` (0: abstentions only)."""
    return item.abstained or item.confidence < cutoff


def answer(item: Item, index: Index, threshold: float, cutoff: float) -> Verdict:
    if not unsure(item, cutoff):
        return item.answered
    neighbour, similarity = index.nearest(item.question)
    if neighbour is None or similarity < threshold:
        return item.answered
    return neighbour.verdict


@dataclass
class Tally:
    total: int = 0
    correct: int = 0
    oos_total: int = 0
    oos_refused: int = 0
    critical: int = 0
    fixed: int = 0
    broken: int = 0
    """Answers the fallback changed into right (fixed) or wrong (broken) ones."""

    def add(self, item: Item, given: Verdict) -> None:
        self.total += 1
        self.correct += given is item.label
        if item.label is Verdict.OUT_OF_SCOPE:
            self.oos_total += 1
            self.oos_refused += given is Verdict.OUT_OF_SCOPE
        self.critical += (item.label, given) in CRITICAL
        if given is not item.answered:
            if given is item.label:
                self.fixed += 1
            else:
                self.broken += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def recall(self) -> float:
        return self.oos_refused / self.oos_total if self.oos_total else 1.0


def run(advisor: Advisor, question: str, label: Verdict) -> Item:
    decision = advisor.explain(question)
    advice = advisor.advise(question)
    return Item(question, label, advice.verdict, decision.winner is None, decision.confidence)


def example_pool(advisor: Advisor) -> list[Neighbour]:
    pool: list[Neighbour] = []
    for rule in advisor.rulebook.rules:
        for example in rule.examples:
            advice = advisor.advise(example)
            own = advice.rule_id == rule.id or (
                rule.verdict is Verdict.OUT_OF_SCOPE and advice.verdict is Verdict.OUT_OF_SCOPE
            )
            pool.append(Neighbour(example, advice.verdict if own else rule.verdict))
    return pool


def main() -> None:
    advisor = Advisor.from_dir()
    items = [
        run(advisor, case.question, case.expected)
        for name in POOL_FILES
        for case in load_cases(DATA / name)
    ]
    dev = [run(advisor, case.question, case.expected) for case in load_cases(DATA / DEV_FILE)]
    examples = example_pool(advisor)
    order = list(range(len(items)))
    random.Random(SEED).shuffle(order)
    fold_of = {row: position % FOLDS for position, row in enumerate(order)}

    def labelled(rows: Sequence[int]) -> list[Neighbour]:
        return [
            Neighbour(items[r].question, items[r].label)
            for r in rows
            if items[r].answered is items[r].label
        ]

    base = Tally()
    for item in items:
        base.add(item, item.answered)
    dev_base = Tally()
    for item in dev:
        dev_base.add(item, item.answered)
    grid = [(c, t) for c in CUTOFFS for t in THRESHOLDS]
    tallies = {key: Tally() for key in grid}
    for fold in range(FOLDS):
        held = [r for r in order if fold_of[r] == fold]
        held_text = {items[r].question.strip().lower() for r in held}
        pool = [e for e in examples if e.question.strip().lower() not in held_text]
        pool += labelled([r for r in order if fold_of[r] != fold])
        index = Index(pool)
        for r in held:
            for cutoff, threshold in grid:
                tallies[cutoff, threshold].add(items[r], answer(items[r], index, threshold, cutoff))
    full = Index(examples + labelled(order))
    dev_tallies = {key: Tally() for key in grid}
    for item in dev:
        for cutoff, threshold in grid:
            dev_tallies[cutoff, threshold].add(item, answer(item, full, threshold, cutoff))

    abstained = sum(1 for i in items if i.abstained)
    print(
        f"{len(items)} questions in {FOLDS}-fold CV (seed {SEED}); rules abstain on {abstained}; "
        f"full pool: {len(examples)} rule examples + {len(labelled(order))} correctly answered"
    )
    best: tuple[float, float, float] | None = None
    for cutoff in CUTOFFS:
        eligible = [i for i in items if unsure(i, cutoff)]
        wrong = sum(1 for i in eligible if i.answered is not i.label)
        ceiling = (base.correct + wrong) / base.total
        scope = "no rule matched" if not cutoff else f"no rule, or confidence < {cutoff:.2f}"
        print(
            f"\nFallback where {scope}: {len(eligible)} questions eligible, {wrong} of them "
            f"answered wrongly by the rules (ceiling with a perfect fallback: {ceiling:.1%})"
        )
        header = (
            f"{'threshold':>9} {'CV acc':>7} {'OOS rec':>7} {'crit':>4} {'fixed':>5} "
            f"{'broken':>6} | {'dev acc':>7} {'dev crit':>8} {'allowed':>7}"
        )
        print(header)
        print("-" * len(header))
        print(
            f"{'rules':>9} {base.accuracy:7.1%} {base.recall:7.1%} {base.critical:4d} "
            f"{0:5d} {0:6d} | {dev_base.accuracy:7.1%} {dev_base.critical:8d}"
        )
        for threshold in THRESHOLDS:
            cv, dv = tallies[cutoff, threshold], dev_tallies[cutoff, threshold]
            allowed = (
                cv.recall >= MIN_OOS_RECALL
                and cv.critical <= base.critical
                and dv.accuracy >= MIN_DEV_ACCURACY
                and dv.critical == 0
            )
            if allowed and (best is None or cv.accuracy > best[2]):
                best = (cutoff, threshold, cv.accuracy)
            print(
                f"{threshold:9.2f} {cv.accuracy:7.1%} {cv.recall:7.1%} {cv.critical:4d} "
                f"{cv.fixed:5d} {cv.broken:6d} | {dv.accuracy:7.1%} {dv.critical:8d} "
                f"{'yes' if allowed else 'no':>7}"
            )
    if best is None:
        print("\nNo setting meets the constraints.")
        return
    gain = (best[2] - base.accuracy) * 100
    print(
        f"\nBest allowed: confidence cutoff {best[0]:.2f}, similarity threshold {best[1]:.2f}: "
        f"CV accuracy {best[2]:.1%} ({gain:+.1f} points over rules only; "
        f"building it needs >= +{MIN_GAIN_POINTS:.1f})"
    )


if __name__ == "__main__":
    main()
