"""The one set of limits on what a user may store, so the grammar, the command layer and the
database agree on every length (and say so to the user in the same numbers)."""

from __future__ import annotations

from datetime import timedelta

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
