"""How a note opens, closes and how long it runs: the greeting and sign-off (part of `casual`),
emoji (also `casual`) and the `length` check."""

from __future__ import annotations

from collections.abc import Iterator

import emoji

from bot.review.checkfile import CheckSpec, KindSpec, Structure
from bot.review.note import Note
from bot.review.values import Finding

EMOJI_LISTED = 3


def emoji_findings(spec: CheckSpec, note: Note) -> Iterator[Finding]:
    """Emoji, found by the `emoji` package's full Unicode list (skin tones and sequences too)."""
    if note.text.isascii():
        return  # every emoji has a character outside ASCII; skip the scan
    for found in emoji.emoji_list(note.text)[:EMOJI_LISTED]:
        start, end = int(found["match_start"]), int(found["match_end"])
        yield Finding(
            spec.id,
            note.text[start:end],
            "Leave out emoji in a note to an employer; say it in words.",
            spec.severity,
            start,
            end,
        )


def frame_findings(
    spec: CheckSpec, note: Note, kind: KindSpec, shape: Structure
) -> Iterator[Finding]:
    """A missing greeting or sign-off, where this kind of note needs one."""
    if not note.lines:
        return
    opening = note.lines[0][1]
    if kind.greeting and not (
        shape.greeting.search(opening) or shape.casual_greeting.search(opening)
    ):
        yield Finding(
            spec.id,
            note.head(),
            "No greeting: " + shape.missing_fix,
            spec.severity,
            0,
            len(note.head()),
        )
    if kind.sign_off and not _signed(note, shape):
        tail = note.tail()
        yield Finding(
            spec.id,
            tail,
            "No sign-off: " + shape.missing_fix,
            spec.severity,
            len(note.norm) - len(tail),
            len(note.norm),
        )


def _signed(note: Note, shape: Structure) -> bool:
    closing = "\n".join(line for _, line in note.lines[-3:])[-160:]
    if shape.sign_off.search(closing):
        return True
    last = note.lines[-1][1].strip(" -—–")
    names = last.split()
    # A bare name on the last line, under a closing line that ends a sentence.
    return 1 <= len(names) <= 3 and all(n[:1].isupper() for n in names) and len(note.lines) > 2


def length_findings(spec: CheckSpec, note: Note, kind: str) -> Iterator[Finding]:
    bounds = spec.settings.get("words", {}).get(kind)
    if not bounds:
        return
    fewest, most = int(bounds[0]), int(bounds[1])
    count = note.word_count
    if count < fewest:
        yield Finding(
            spec.id,
            note.excerpt(0, len(note.text)),
            f"Only {count} words: too short to mean much. {spec.fix}",
            spec.severity,
            0,
            len(note.text),
        )
    elif count > most:
        yield Finding(
            spec.id,
            note.head(8) + " …",
            f"{count} words: far too long (aim for under {most}); it reads as a second cover "
            f"letter. {spec.fix}",
            spec.severity,
            0,
            len(note.text),
        )
