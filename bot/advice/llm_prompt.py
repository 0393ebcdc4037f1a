"""What the language model is shown, and how its answer is checked against the rulebook.

The model only routes: it picks which of the candidate rules applies (or none, or "not about
the days after an interview") and the verdict. Every word the user then reads comes from the
rule's why, better move and source; the model may add one sentence for the asker's situation,
which the reply marks as its own. Anything that does not validate is rejected, and the caller
falls back to the rulebook's own reading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.advice.rules import Rule
from bot.core.messages import Verdict

MAX_NOTE = 280
"""Longest tailored sentence accepted from the model."""

SYSTEM = (
    "You route questions for a coach on what to do after a job interview. You are given a "
    "question and candidate rules, each with its id, verdict, what it is about and an example. "
    "Pick the one rule whose situation the question is really asking about, including its "
    "stance: who does what, how often, before or after an offer, in what channel. If the "
    "question asks about NOT doing what the rule describes, say so. If no rule fits but the "
    "question is about the days after a job interview, give rule null and in_scope true; if it "
    "is about something else, give rule null and in_scope false. Answer with one JSON object "
    'only: {"rule": "<id>" or null, "in_scope": true or false, "not_doing": true or false, '
    '"verdict": "ok" or "caution" or "avoid", "note": "<at most one sentence for this '
    'asker, or empty>"}.'
)


class BadAnswer(ValueError):
    """The model's answer is not usable; the message says why (for the log)."""


@dataclass(frozen=True, slots=True)
class Routing:
    """A validated answer: the rule (None: out of scope or no rule fits) and the verdict."""

    rule: Rule | None
    in_scope: bool
    verdict: Verdict | None
    not_doing: bool = False
    note: str = ""


def messages(question: str, candidates: list[Rule]) -> list[dict[str, str]]:
    """The chat messages for one question."""
    lines = [f"Question: {question}", "", "Candidate rules:"]
    for rule in candidates:
        example = f' Example: "{rule.examples[0]}"' if rule.examples else ""
        applies = f" Applies when {rule.applies_when}." if rule.applies_when else ""
        lines.append(f"- {rule.id} [{rule.verdict.value}]: {rule.title}.{applies}{example}")
    if not candidates:
        lines.append("- (none matched the question's words)")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


def parse_answer(
    body: object, candidates: list[Rule], not_doing: dict[Verdict, Verdict]
) -> Routing:
    """Check a chat-completions response body against the candidates; `BadAnswer` if unusable."""
    try:
        content = body["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        raise BadAnswer("no choices[0].message.content in the response") from None
    if not isinstance(content, str):
        raise BadAnswer("the message content is not text")
    try:
        answer = json.loads(_strip_fence(content))
    except ValueError:
        raise BadAnswer(f"the content is not JSON: {content[:80]!r}") from None
    if not isinstance(answer, dict):
        raise BadAnswer("the JSON is not an object")
    in_scope = answer.get("in_scope", True)
    if not isinstance(in_scope, bool):
        raise BadAnswer("in_scope is not true or false")
    note = answer.get("note") or ""
    note = " ".join(note.split())[:MAX_NOTE] if isinstance(note, str) else ""
    rule_id = answer.get("rule")
    if rule_id is None:
        return Routing(None, in_scope, None)
    by_id = {rule.id: rule for rule in candidates}
    if not isinstance(rule_id, str) or rule_id not in by_id:
        raise BadAnswer(f"rule {rule_id!r} is not one of the candidates")
    rule = by_id[rule_id]
    flipped = answer.get("not_doing") is True
    if rule.verdict is Verdict.OUT_OF_SCOPE:
        return Routing(rule, False, Verdict.OUT_OF_SCOPE)
    try:
        verdict = Verdict(str(answer.get("verdict")))
    except ValueError:
        raise BadAnswer(f"verdict {answer.get('verdict')!r} is not ok, caution or avoid") from None
    expected = not_doing[rule.verdict] if flipped else rule.verdict
    if verdict not in (expected, Verdict.CAUTION):
        raise BadAnswer(f"verdict {verdict.value} contradicts rule {rule.id} ({expected.value})")
    return Routing(rule, True, verdict, flipped, note)


def _strip_fence(content: str) -> str:
    """Models often wrap JSON in a ```json fence; take what is inside."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()
