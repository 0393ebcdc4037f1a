"""The one list of outcomes a user can record for an interview, and the words that name them."""

from __future__ import annotations

import re
from enum import StrEnum


class Outcome(StrEnum):
    """How an interview ended (or that a decision is awaited)."""

    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PENDING = "pending"


OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
"""Every outcome, in the order help texts and plan files list them."""

FINAL: frozenset[str] = frozenset({Outcome.OFFER, Outcome.REJECTED, Outcome.WITHDRAWN})
"""Outcomes after which nothing more is owed."""

_WORDS: dict[str, Outcome] = {
    "offer": Outcome.OFFER,
    "offered": Outcome.OFFER,
    "hired": Outcome.OFFER,
    "rejected": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "reject": Outcome.REJECTED,
    "declined": Outcome.REJECTED,
    "withdrawn": Outcome.WITHDRAWN,
    "withdrew": Outcome.WITHDRAWN,
    "withdraw": Outcome.WITHDRAWN,
    "pending": Outcome.PENDING,
    "waiting": Outcome.PENDING,
    "decide": Outcome.PENDING,
}


def read_outcome(word: str) -> Outcome | None:
    """``Offered`` -> offer; None for a word that names no outcome."""
    return _WORDS.get(re.sub(r"[^a-z0-9-]", "", word.lower()))
