"""Plain values of the note reviewer: what a finding is, what a review answers, what it knows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CHECKS: tuple[str, ...] = (
    "wrong_name",
    "angry",
    "romantic",
    "pressure",
    "demands",
    "apology",
    "generic",
    "casual",
    "length",
    "spelling",
)
"""Every check id, in the order their findings are shown: the worst mistakes first."""

KINDS: tuple[str, ...] = ("thank-you", "follow-up", "rejection-reply", "withdraw", "linkedin")
"""The kinds of note the reviewer knows (the CLI's ``--kind`` and the drafts' names)."""

MAX_NOTE = 6000
"""Longest note reviewed, in characters: well past an essay, short enough to stay fast."""


class Severity(StrEnum):
    """How much a finding matters; the worst one decides the verdict."""

    CAUTION = "caution"
    AVOID = "avoid"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which check found it, the exact words, and a concrete fix."""

    check: str
    excerpt: str
    suggestion: str
    severity: Severity
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What the note should agree with: the registered interview, or the CLI's options."""

    kind: str | None = None
    company: str | None = None
    interviewers: tuple[str, ...] = ()
    role: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    """The reviewer's answer: ok with no findings, or caution/avoid with what to fix."""

    verdict: str
    kind: str
    findings: tuple[Finding, ...]
    hidden: int = 0
    """Findings left out of `findings` (minor ones beyond a check's limit)."""
