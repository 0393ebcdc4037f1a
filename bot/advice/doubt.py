"""When a confident ok or avoid would be a guess: say "it depends" instead.

The worst answer is a confident flip: "✅ OK" to what hurts someone, "⛔ Avoid" to the right
move. Measured on the real questions (the tuning part of the split), flips come from long
questions, where the matcher finds a topical rule but misses the qualifier that decides
("a thank-you" vs "a thank-you gift", "call once" vs "call every day"). Two signs of that are
checked, both only for long questions (short ones are read reliably):

- another rule that also applies, and fits nearly as well, judges the other way (ok against
  avoid), unless it is only the broader reading of the same question (it matched part of what
  the winner matched: the winner's extra concept is the qualifier that decides);
- the deciding rule explains little of the question (its concepts cover few of the words;
  where no applicable rule judges the other way, the words of every rule that agrees count:
  a plan of three good steps is read by three rules) and nothing ties it to what is asked:
  it matched at most one concept that is more than the setting, and none of its concepts is
  in the sentence that asks. A long story before the question is no reason for doubt when the
  question itself names the rule's subject
  (measured on the learning halves and the tuning part: of 49 such doubts, the tie released
  20 right answers and 5 right cautions, and none of the 5 that would have flipped).

Then the answer is a caution that gives both sides from the rulebook, never a verdict that
flips. The two thresholds were chosen on the tuning questions and the project's own sets only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.advice.rules import Rule
from bot.core.messages import Verdict

LONG_QUESTION_WORDS = 22
"""Questions longer than this (in words) are checked for doubt."""
THIN_COVERAGE = 0.15
"""A deciding rule whose concepts cover less than this share of a long question's words."""

RIVAL_MARGIN = 1.0
"""Another applicable rule counts as a rival only within this much of the winner's score: one
specific concept weighs 0.5 to 1, so a rule further behind fits the question clearly worse
("resign before the written offer? I accepted a verbal offer" is about resigning early, not
about telling other employers you accepted). 1.0 and 1.5 measure the same on the tuning part,
0.8 gains one more there only through a stance reading that is right by chance."""

DEPENDS = "It depends: "
"""How the title of an answer given with doubt begins."""

OPPOSITE: dict[Verdict, Verdict] = {Verdict.OK: Verdict.AVOID, Verdict.AVOID: Verdict.OK}

VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.OK: "fine",
    Verdict.CAUTION: "worth care",
    Verdict.AVOID: "best avoided",
}


@dataclass(frozen=True, slots=True)
class Doubt:
    """Why a verdict is not given confidently, and the rule on the other side (if any)."""

    other: Rule | None
    reason: str


def find_doubt(
    verdict: Verdict,
    winner: Rule,
    others: list[Rule],
    words: int,
    covered: int,
    *,
    anchored: bool = False,
) -> Doubt | None:
    """A reason to doubt a confident `verdict` from `winner`, or None when it stands.

    `others` are the other applicable rules that fit nearly as well as the winner (within
    `RIVAL_MARGIN` of its score), best first; `words` is the question's length,
    `covered` how many of its words the winner's concepts account for, and `anchored`
    whether the winner is tied to what is asked (then thin coverage is no reason for doubt).
    """
    if verdict not in OPPOSITE or words <= LONG_QUESTION_WORDS:
        return None
    for rule in others:
        if rule.verdict is OPPOSITE[verdict] and rule.verdict is not winner.verdict:
            return Doubt(rule, "another rule that fits judges the other way")
    if covered / words < THIN_COVERAGE and not anchored:
        return Doubt(None, "the rule explains little of the question")
    return None


def depends_why(verdict: Verdict, title: str, why: str, doubt: Doubt) -> str:
    """Both sides, from the rulebook's own words."""
    first = f"If this is about {_lower(title)}: that's {VERDICT_WORDS[verdict]}. {why}"
    if doubt.other is None:
        return (
            "It depends on details I can't be sure I read right, so here is the closest advice "
            f"with care. {first}"
        )
    other = doubt.other
    return (
        f"It depends on which situation yours is. {first} If it is about "
        f"{_lower(other.title)}: that's {VERDICT_WORDS[other.verdict]}. {other.why}"
    )


def depends_instead(winner_instead: str, doubt: Doubt) -> str:
    if doubt.other is None or not doubt.other.instead:
        return winner_instead
    return f"{winner_instead} Otherwise: {doubt.other.instead}"


def _lower(title: str) -> str:
    return f"{title[:1].lower()}{title[1:]}" if title else title
