"""A pasted note, read once: its words, lines and where sentences start.

The reviewer works on `norm` (curly quotes made straight, same length as the original) so that
every match's offsets point at the person's own words, which are quoted back as excerpts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$|^\s*$|\n\s*$")
EXCERPT_MAX = 80


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class Note:
    """The text of one note, with the views the checks need computed at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = text.translate(_QUOTES)

    def excerpt(self, start: int, end: int) -> str:
        """The person's own words from `start` to `end`, tidied and clipped for display."""
        return _clip(" ".join(self.text[start:end].split()), EXCERPT_MAX)

    @cached_property
    def words(self) -> tuple[Word, ...]:
        found: list[Word] = []
        for match in _WORD.finditer(self.norm):
            before = self.norm[max(0, match.start() - 3) : match.start()]
            first = match.start() == 0 or bool(_SENTENCE_END.search(before))
            found.append(Word(match.group(), match.start(), match.end(), first))
        return tuple(found)

    @cached_property
    def word_count(self) -> int:
        return len(self.norm.split())

    @cached_property
    def lines(self) -> tuple[tuple[int, str], ...]:
        """Non-blank lines with their offsets."""
        out: list[tuple[int, str]] = []
        offset = 0
        for line in self.norm.splitlines(keepends=True):
            if line.strip():
                out.append((offset, line.rstrip("\r\n")))
            offset += len(line)
        return tuple(out)

    @cached_property
    def greeting_span(self) -> tuple[int, int]:
        """Where the opening line (or, in a one-line note, its first clause) lies."""
        if not self.lines:
            return (0, 0)
        start, line = self.lines[0]
        cut = re.search(r"[,!:\n]|\.\s", line)
        return (start, start + (cut.start() if cut else min(len(line), 40)))

    @cached_property
    def closing_start(self) -> int:
        """Where the sign-off begins: the last two short lines, or the last 40 characters."""
        if len(self.lines) >= 3 and all(len(line) <= 40 for _, line in self.lines[-2:]):
            return self.lines[-2][0]
        if len(self.lines) >= 2 and len(self.lines[-1][1]) <= 40:
            return self.lines[-1][0]
        return max(0, len(self.norm) - 40)

    def body_words(self) -> tuple[Word, ...]:
        """Words between the greeting and the sign-off."""
        _, greeting_end = self.greeting_span
        return tuple(w for w in self.words if greeting_end <= w.start < self.closing_start)

    def head(self, count: int = 6) -> str:
        """The first words, clipped for display."""
        return _clip(" ".join(self.norm.split()[:count]), 60)

    def tail(self, count: int = 6) -> str:
        """The last words, clipped for display."""
        words = " ".join(self.norm.split()[-count:])
        return words if len(words) <= 60 else "…" + words[-59:]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
