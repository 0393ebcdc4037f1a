"""Who a question is about: a relative the asker speaks for, as the subject of a clause.

"My girlfriend wants to send the hiring manager flowers" is about flowers, not romance, and
"is it bad that my dad stopped applying?" about stopping the search, not family: the words
"my girlfriend", "my dad" name who acts. The reader sets aside the mentions of the rulebook's
`relations` concepts that lie inside such a subject (`Reader`); where the relative is the
object or what is asked about ("can I use my dad as a reference?", "can my mom be a
reference?") the mention stays.
"""

from __future__ import annotations

from bot.advice.language import english

_ENGLISH = english()
_RELATIVES = _ENGLISH.relatives
_OPENERS = _ENGLISH.subject_openers
_ROLES = _ENGLISH.relative_roles


def relative_subjects(words: tuple[str, ...], clauses: tuple[int, ...]) -> tuple[range, ...]:
    """The word positions of each "my <relative>" that starts a clause's subject."""
    found: list[range] = []
    for at in range(len(words) - 1):
        if words[at] != "my" or words[at + 1] not in _RELATIVES:
            continue
        if at + 2 < len(words) and words[at + 2] in _ROLES:
            continue
        if at == 0 or clauses[at] != clauses[at - 1] or words[at - 1] in _OPENERS:
            found.append(range(at, at + 2))
    return tuple(found)
