"""The one home of how ids are shown and typed: interviews are ``I12``, nudges ``N41``.

Both used to be ``#N`` in the same list, so ``cancel 41`` could name the wrong thing. Shown
forms carry their letter; typed forms may carry it (any case), a ``#``, or be a plain number.
A typed id with the other kind's letter is refused rather than guessed.
"""

from __future__ import annotations

import re

from bot.interviews.limits import ID_MAX

INTERVIEW = "I"
NUDGE = "N"
_TYPED = re.compile(r"^\s*#?\s*([A-Za-z]?)\s*(\d{1,10})\s*$")


def interview_label(interview_id: int) -> str:
    return f"{INTERVIEW}{interview_id}"


def nudge_label(nudge_id: int) -> str:
    return f"{NUDGE}{nudge_id}"


def _read(text: str, letter: str) -> int | None:
    match = _TYPED.match(text)
    if match is None or match.group(1).upper() not in ("", letter):
        return None
    value = int(match.group(2))
    return value if 0 < value <= ID_MAX else None


def read_interview_id(text: str) -> int | None:
    """``I12``, ``i12``, ``#12`` or ``12`` -> 12; ``N12`` or garbage -> None."""
    return _read(text, INTERVIEW)


def read_nudge_id(text: str) -> int | None:
    """``N41``, ``n41``, ``#41`` or ``41`` -> 41; ``I41`` or garbage -> None."""
    return _read(text, NUDGE)


def wrong_kind(text: str, letter: str) -> bool:
    """True when `text` is an id of the other kind (``N4`` where an interview was asked for)."""
    other = NUDGE if letter == INTERVIEW else INTERVIEW
    return _read(text, other) is not None and text.strip().lstrip("#").upper().startswith(other)
