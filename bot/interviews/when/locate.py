"""Where in the line the time is, and so where the company and the clauses are.

Every position is tried as the start of a time expression; the richest, longest one wins, and a
day and a time said apart ("yesterday with Dana at 3pm") are joined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.interviews.when.clauses import _flatten, _split_clauses
from bot.interviews.when.grammar import _Expr, _Reader
from bot.interviews.when.tokens import CLAUSE_WORDS, HEAD_CLAUSE_WORDS, Token, split_tokens


def _candidates(tokens: list[Token], first: int) -> list[_Expr]:
    reader = _Reader(tokens)
    found = [reader.read(i) for i in range(first, len(tokens))]
    return [expr for expr in found if expr is not None]


def _best(candidates: list[_Expr]) -> _Expr | None:
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda e: (e.parts + (e.problem is not None), e.end - e.start, e.start > 0),
    )


def _has_clause_word(tokens: list[Token], start: int, end: int) -> bool:
    return any(tokens[k].raw in CLAUSE_WORDS for k in range(start, end))


def _merge(best: _Expr, candidates: list[_Expr], tokens: list[Token]) -> list[_Expr]:
    """Join a day and a time said apart ("Acme yesterday with Dana at 3pm")."""
    used = [best]
    for other in sorted(candidates, key=lambda e: e.start):
        disjoint = other.end <= best.start or other.start >= best.end
        if not disjoint or other.problem is not None or other.ago or best.ago:
            continue
        lo, hi = (other.end, best.start) if other.end <= best.start else (best.end, other.start)
        if not _has_clause_word(tokens, lo, hi):
            continue
        if best.day is None and other.day is not None and other.clock is None:
            best.day = other.day
            used.append(other)
        elif best.clock is None and other.clock is not None and other.day is None:
            best.clock, best.assumed = other.clock, None
            used.append(other)
        if best.day is not None and best.clock is not None:
            break
    return used


def _name_word(expr: _Expr, tokens: list[Token]) -> bool:
    """A lone capitalised weekday opening the line ("Sun Life", "Friday Health") is the start
    of a name, not the time: the time may come first only when it says more than that."""
    lone_weekday = expr.day is not None and expr.day[:2] == ("weekday", "recent")
    return lone_weekday and expr.parts == 1 and tokens[expr.start].raw[:1].isupper()


@dataclass(slots=True)
class _Found:
    tokens: list[Token]
    expr: _Expr | None = None
    company: str | None = None
    rest: list[str] = field(default_factory=list)


def _find_when(line: str, *, company_known: bool) -> _Found:
    """Find the time expression; unless the company is known, it is the text before it (or,
    when the line starts with the time, the text after it)."""
    tokens = split_tokens(line)
    found = _Found(tokens=tokens)
    candidates = _candidates(tokens, 0)
    if not company_known and any(
        c.start == 0 and c.end == len(tokens) and c.problem is None for c in candidates
    ):
        return found  # only a time ("yesterday 3pm"): no company
    usable = [
        c
        for c in candidates
        if company_known
        or c.start > 0
        or (c.end < len(tokens) and c.problem is None and not _name_word(c, tokens))
    ]
    best = _best(usable)
    if best is None:
        if not company_known:
            head, _ = _split_clauses([t.raw for t in tokens], HEAD_CLAUSE_WORDS)
            found.company = " ".join(head)
        return found
    used = _merge(best, candidates, tokens)
    spans = {k for expr in used for k in range(expr.start, expr.end)}
    first = min(expr.start for expr in used)
    found.expr = best
    if company_known:
        found.rest = [t.raw for k, t in enumerate(tokens) if k not in spans]
    elif first > 0:
        head, clauses = _split_clauses([t.raw for t in tokens[:first]], HEAD_CLAUSE_WORDS)
        found.company = " ".join(head)
        after = [t.raw for k, t in enumerate(tokens) if k >= first and k not in spans]
        found.rest = _flatten(clauses) + after
    else:
        # The time came first ("yesterday 3pm Acme"): the company is what follows it.
        after = [t.raw for k, t in enumerate(tokens) if k >= best.end and k not in spans]
        head, clauses = _split_clauses(after)
        found.company = " ".join(head)
        found.rest = _flatten(clauses)
    return found
