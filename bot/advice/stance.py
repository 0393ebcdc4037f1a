"""Whether a question is about *not* doing what a rule judges, or about being required to.

"Is it wrong not to tell my boss?" matches the rule about telling your boss, and "do I have to
accept the first offer?" the rule about accepting it; the plan behind each question is the
opposite of the rule's action, so the verdict turns around (see `NOT_DOING`). And where a
question sets a move against holding back ("now, or wait for the paperwork?"), the words of the
holding back are no move of their own (`waiting_option`).
"""

from __future__ import annotations

from bot.advice.language import english
from bot.advice.question import NEGATORS, obligation_frames
from bot.advice.reading import Reading
from bot.advice.rules import Rule
from bot.core.messages import Verdict


def asks_about_not_doing(rule: Rule, reading: Reading) -> bool:
    """Whether the question is about *not* doing what the rule judges.

    "Is it wrong not to tell my boss?" matches the rule about telling your boss (avoid);
    the plan asked about is the opposite, so the verdict turns around. The action is the
    rule's first required group, as the rulebook writes it; it counts as negated when every
    mention follows a negator in its clause. Rules written for a negation (`negated`), and
    phrases that carry their own ("just not reply"), are exempt.
    """
    if rule.matcher.negated or not rule.matcher.groups or weighs_both(reading.words):
        return False
    required = [c for g in rule.matcher.groups for c in g.concepts if c in reading.hits]
    if any(h.self_negating for c in required for h in reading.hits[c]):
        return False
    action = [h for c in rule.matcher.groups[0].concepts for h in reading.hits.get(c, ())]
    return bool(action) and all(h.in_scope for h in action)


def asks_if_required(rule: Rule, reading: Reading) -> bool:
    """Whether the question asks if the rule's action is *required* ("do I have to accept
    the first offer?", "am I obligated to tell them my salary?").

    The plan behind such a question is not to do it; where the rule counsels care or
    against the action, that plan is fine, so the verdict is ok. The frame must come before
    the action in the same clause, and rules that are themselves about the obligation
    ("you don't owe your boss news of an interview") keep their verdict.
    """
    if rule.matcher.negated or not rule.matcher.groups:
        return False
    frames = obligation_frames(reading.words)
    if not frames:
        return False
    required = [c for g in rule.matcher.groups for c in g.concepts if c in reading.hits]
    for name in required:
        for hit in reading.hits[name]:
            if any(hit.start < end and start < hit.end for start, end in frames):
                return False
    action = [h for c in rule.matcher.groups[0].concepts for h in reading.hits.get(c, ())]
    return any(
        end <= hit.start and hit.clause == reading.clause_of(start)
        for hit in action
        for start, end in frames
    )


NOT_DOING: dict[Verdict, Verdict] = {
    Verdict.AVOID: Verdict.OK,
    Verdict.OK: Verdict.CAUTION,
    Verdict.CAUTION: Verdict.OK,
}
"""The verdict on refraining from an action: refraining from what to avoid, or from what is
risky ("is it bad not to add my interviewer on LinkedIn?"), is fine; not doing something
advisable is at least worth a second thought."""


def weighs_both(words: tuple[str, ...]) -> bool:
    """Whether the question sets doing against not doing ("to connect or not to connect",
    "thank-you note or no?"): then it asks about the action itself, not about refraining."""
    return any(
        word in NEGATORS and index and words[index - 1] == "or" for index, word in enumerate(words)
    )


def not_title(title: str) -> str:
    """ "Telling your boss you're interviewing" -> "Not telling your boss you're interviewing"."""
    return f"Not {title[:1].lower()}{title[1:]}" if title else title


WAITING_OPTIONS = english().waiting_options
"""What, after "or", makes the second option the one of not acting yet (`rules/language`)."""
_LEAD_INS = frozenset({"should", "do", "can", "i", "we", "just", "to", "would", "shall"})
"""Words that may come between the "or" and the option ("or should I just wait")."""


def waiting_option(words: tuple[str, ...], clauses: tuple[int, ...]) -> frozenset[int]:
    """The positions of a second option that is holding back: from the "or" of "hand in my
    notice now or wait for the paperwork?" to the end of its clause (words without clause
    numbers count as one clause)."""
    if len(clauses) < len(words):
        clauses = (0,) * len(words)
    found: set[int] = set()
    for index, word in enumerate(words):
        if word != "or":
            continue
        start = index + 1
        while start < len(words) and words[start] in _LEAD_INS and start - index <= 3:
            start += 1
        if any(words[start : start + len(option)] == option for option in WAITING_OPTIONS):
            end = start
            while end < len(words) and clauses[end] == clauses[index]:
                end += 1
            found.update(range(index, end))
    return frozenset(found)
