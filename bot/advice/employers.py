"""Where the asker interviewed: the employer's name, which is not the question's topic.

"I interviewed at a wine bar, should I send a thank-you note?" is about a thank-you, not wine
as a gift; "I interviewed at Tinder for a marketing role" is not about dating, nor "an offer from
a flower delivery company" about flowers. The words after "interviewed at", "job at", "offer
from" (`employer_markers` in `rules/language/english.yaml`) name the employer, up to a word
that ends the name (`employer_ends`) or the end of the clause; the reader sets aside the
mentions of the rulebook's `trades` concepts that lie inside such a name (`Reader`).
"""

from __future__ import annotations

from bot.advice.language import english

_ENGLISH = english()
_MARKERS = _ENGLISH.employer_markers
_ENDS = _ENGLISH.employer_ends
LONGEST_NAME = 5
"""Words an employer's name may run to ("a small flower delivery company")."""


def employer_names(words: tuple[str, ...], clauses: tuple[int, ...]) -> tuple[range, ...]:
    """The word positions of each employer named after a marker ("interviewed at ...")."""
    found: list[range] = []
    for at in range(len(words) - 2):
        if (words[at], words[at + 1]) not in _MARKERS:
            continue
        start = end = at + 2
        while (
            end < len(words)
            and end - start < LONGEST_NAME
            and clauses[end] == clauses[start]
            and words[end] not in _ENDS
        ):
            end += 1
        if end > start:
            found.append(range(start, end))
    return tuple(found)
