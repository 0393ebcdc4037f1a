"""The one set of limits on what a user may store, so the grammar, the command layer and the
database agree on every length (and say so to the user in the same numbers)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.failures import Refused

LINE_MAX = 500
"""Longest `/interviewed` (or decision-date) text the time grammar reads."""
COMPANY_MAX = 100
NAME_MAX = 60
"""Longest interviewer name kept; longer ones are shortened, and the reply says so."""
NAMES_MAX = 10
"""Most interviewers kept for one interview."""
ROLE_MAX = 100
DISTANCE_MAX = timedelta(days=366)
"""How far from now an interview or decision date may be."""
ID_MAX = 2**31 - 1
"""Largest id a row can have; a bigger typed number is refused without a query."""
INTERVIEWS_MAX = 200
"""Most interviews one user may keep (cancelled ones do not count): a long job hunt fits, and
`list` stays quick."""
LIST_PAGE = 10
"""Interviews shown on one page of `list`."""


class TooManyInterviews(Refused):
    """Registering one more would pass `INTERVIEWS_MAX`."""

    def __init__(self) -> None:
        super().__init__(
            f"You already have {INTERVIEWS_MAX} interviews stored, the most I keep for one "
            "person, so I didn't register this one.",
            "Cancel ones you no longer need (`cancel I12`; see `list all`), or start afresh "
            "with `forget-me`.",
        )
