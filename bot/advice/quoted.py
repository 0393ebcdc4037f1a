"""A message the asker quotes is judged by what it says, with the note reviewer's tone checks.

"Is it cool to reply "no worries, your loss 🙂"?" reads to the phrase matcher as a question
about replying to a rejection, which is a good move; what decides the verdict is the quoted
line, and the reviewer already knows what a hostile, romantic, pressing or demanding line
sounds like (`rules/review/tone.yaml`). So a quoted message of the asker's own that one of
those checks flags turns an ok, or an "it depends", into the check's rule (an avoid).

Only the asker's own words count: a quote that someone else said or wrote ("the recruiter
wrote 'we need an answer by Friday'") describes the situation, not the move being asked
about. Only the patterns that apply to every kind of note are used (a salary figure is fine in
a reply to an offer, though not in a thank-you).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from bot.review.checkfile import CheckSpec, Pattern, load_review_rules, review_dir
from bot.review.note import Note

TONE_CHECKS = ("angry", "romantic", "pressure", "demands", "casual")
"""The reviewer's checks whose finding makes a message one not to send: the four of severity
avoid, and chat-speak ("Yo Dan!! ... lol"), which a note's review only cautions about but whose
rule (`thanks.casual`) is an avoid for a message the asker means to send as it stands."""

_QUOTED = re.compile(r"\"([^\"\n]{2,300})\"|(?<![\w'])'((?:[^'\n]|(?<=\w)'(?=\w)){2,300}?)'(?!\w)")
"""Text in double quotes (curly ones are read as straight), or in single quotes that are not
apostrophes: an opening one not after a letter, a closing one not before one, and inside, an
apostrophe between letters is part of a word ('I'm out')."""
_SOMEONE_ELSES = re.compile(
    r"\b(they|he|she|it|recruiter|interviewer|manager|hm|hr|company|email|letter|message|"
    r"someone|team|panel|boss|employer|reply|response)\b[^\"']{0,40}\b(said|says|say|wrote|"
    r"writes|told|tells|emailed|texted|messaged|replied|responded|answered|asked|called|goes|"
    r"went|sent|reads|read|was|were)\b[^\"']{0,20}$"
)
"""Words just before a quote that make it someone else's ("they emailed \"...\"")."""
_SENTENCE = re.compile(r"[.!?\n](?=\s)")


@dataclass(frozen=True, slots=True)
class ToneFinding:
    """A quoted message one of the tone checks flags, and the advice rule that check cites."""

    check: str
    rule_id: str


MOST_QUOTES = 8
"""Quotes looked at per question: a real one quotes a message or two, and a message made of
hundreds of quotes should cost no more than one made of a few."""
LOOK_BACK = 120
"""Characters before a quote searched for whose words it is (enough for "the recruiter wrote
back to me last night saying")."""


def own_quotes(question: str) -> Iterator[str]:
    """The quoted messages in a question that are the asker's own words, in order."""
    norm = Note(question).norm
    for match in islice(_QUOTED.finditer(norm), MOST_QUOTES):
        before = norm[max(0, match.start() - LOOK_BACK) : match.start()]
        sentence_start = max((m.end() for m in _SENTENCE.finditer(before)), default=0)
        if _SOMEONE_ELSES.search(before[sentence_start:].lower()):
            continue
        yield match.group(1) or match.group(2)


class QuotedTone:
    """The tone checks, ready to read quoted messages; built once with the advisor."""

    def __init__(self, checks: Sequence[CheckSpec]) -> None:
        self._checks: list[tuple[CheckSpec, list[Pattern]]] = [
            (spec, [p for p in spec.patterns if p.kinds is None]) for spec in checks
        ]

    @classmethod
    def load(cls, rules_dir: Path, known_rules: Iterable[str]) -> QuotedTone | None:
        """The checks of `rules_dir`/review, or None for a rulebook without review checks."""
        folder = review_dir(rules_dir)
        if not folder.is_dir():
            return None
        checks = load_review_rules(folder, known_rules=known_rules).checks
        return cls([checks[name] for name in TONE_CHECKS if name in checks])

    def finding(self, question: str) -> ToneFinding | None:
        """The first tone check that flags one of the asker's own quoted messages."""
        for quote in own_quotes(question):  # already read as the reviewer reads a note
            for spec, patterns in self._checks:
                if any(pattern.regex.search(quote) for pattern in patterns):
                    return ToneFinding(spec.id, spec.rule)
        return None
