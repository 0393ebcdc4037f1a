"""One-time link codes: short to type, hard to guess, easy to read back.

Eight characters from 31 unambiguous ones (no 0/O, 1/I/L) are about 8.5 * 10^11 codes; with
five wrong tries per identity per quarter hour, guessing one live code is hopeless.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
TTL = timedelta(minutes=10)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown_code(code: str) -> str:
    """``KXP47QRM`` -> ``KXP4-7QRM``, easier to read out."""
    return f"{code[:4]}-{code[4:]}"


def read_code(text: str) -> str | None:
    """A typed code in canonical form (case, dashes and spaces ignored), or None if it cannot
    be one (so a typo is not counted against the brute-force limit... but still refused)."""
    letters = "".join(ch for ch in text.upper() if ch not in "- \t")
    if len(letters) != LENGTH or any(ch not in ALPHABET for ch in letters):
        return None
    return letters
