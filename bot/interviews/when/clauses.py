"""The words around the time: company, interviewers ("with ...") and role ("for ...", "as ...").

Plain word handling with no knowledge of dates, so the clause rules can be read on their own.
"""

from __future__ import annotations

import re

from bot.interviews.limits import NAMES_MAX, ROLE_MAX
from bot.interviews.when.tokens import CLAUSE_WORDS, TRIM


def _split_clauses(
    words: list[str], keywords: tuple[str, ...] = CLAUSE_WORDS
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Words before the first clause keyword, and each ``(keyword, words)`` clause after."""
    head: list[str] = []
    clauses: list[tuple[str, list[str]]] = []
    for word in words:
        if word in keywords and (head or clauses):
            clauses.append((word, []))
        elif clauses:
            clauses[-1][1].append(word)
        else:
            head.append(word)
    return head, clauses


def _names(words: list[str]) -> tuple[str, ...]:
    text = " ".join(words)
    parts = re.split(r"\s*(?:,|&|\+|\band\b|/)\s*", text)
    names: list[str] = []
    for part in parts:
        name = part.strip(TRIM)
        if name and name.lower() not in ("and", "the"):
            names.append(name)  # whole: the command layer shortens it and says so
    return tuple(names[:NAMES_MAX])


def _role(words: list[str]) -> str | None:
    items = list(words)
    while items and items[0].lower() in ("the", "a", "an"):
        items.pop(0)
    while items and items[-1].lower().strip(TRIM) in ("role", "position", "job", "opening", ""):
        items.pop()
    role = " ".join(items).strip(TRIM)
    return role[:ROLE_MAX] or None


def _flatten(clauses: list[tuple[str, list[str]]]) -> list[str]:
    return [word for keyword, words in clauses for word in (keyword, *words)]


def _quoted_company(line: str) -> tuple[str | None, str]:
    """``"May Mobility" yesterday 3pm`` -> (``May Mobility``, ``yesterday 3pm``)."""
    pairs = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}
    if not line or line[0] not in pairs:
        return None, line
    close = line.find(pairs[line[0]], 1)
    if close <= 1:
        return None, line
    return line[1:close].strip(), line[close + 1 :].strip()
