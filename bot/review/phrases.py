"""The checks that are lists of phrases (casual, angry, romantic, pressure, apology, demands,
and spelling's grammar slips): each match becomes a finding quoting the words it is about."""

from __future__ import annotations

from collections.abc import Iterator

from bot.review.checkfile import CheckSpec
from bot.review.note import Note
from bot.review.values import Finding

MATCHES_PER_PATTERN = 3
"""A pattern that fires more often than this has made its point; the rest are not listed."""


def phrase_findings(spec: CheckSpec, note: Note, kind: str) -> Iterator[Finding]:
    """Findings for every pattern of `spec` that applies to `kind`, one per stretch of text."""
    taken: list[tuple[int, int]] = []
    for pattern in spec.patterns:
        if pattern.kinds is not None and kind not in pattern.kinds:
            continue
        for count, match in enumerate(pattern.regex.finditer(note.norm)):
            if count >= MATCHES_PER_PATTERN:
                break
            start, end = match.span()
            if end <= start or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            yield Finding(
                spec.id,
                note.excerpt(start, end),
                pattern.fix or spec.fix,
                spec.severity,
                start,
                end,
            )
