"""The checks that compare a note with its interview: `generic` (nothing from the conversation)
and `wrong_name` (a company or interviewer that is not the registered one, or a misspelt name)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from rapidfuzz.distance import Levenshtein

from bot.english import dictionary
from bot.review.checkfile import CheckSpec
from bot.review.note import Note
from bot.review.values import Finding, NoteContext

_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
GENERIC_NOUNS = frozenset(
    {"company", "position", "role", "opportunity", "team", "job", "organization", "organisation"}
    | {"culture", "business", "firm", "work", "you", "it", "interview", "process", "everyone"}
    | {"things", "time", "day", "conversation", "discussion"}
)


def name_words(names: tuple[str, ...] | list[str]) -> set[str]:
    """Lower-cased words of names ("Dana Lee" -> dana, lee), for matching and spelling."""
    return {w.lower() for name in names for w in _NAME_WORD.findall(name) if len(w) > 1}


def _close(word: str, names: set[str]) -> str | None:
    """The registered name `word` is a likely misspelling of, if any."""
    lowered = word.lower()
    if lowered in names or len(lowered) < 3:
        return None
    for name in sorted(names):
        limit = 1 if len(name) <= 4 else 2
        if abs(len(name) - len(lowered)) <= limit and (
            Levenshtein.distance(lowered, name, score_cutoff=limit) <= limit
        ):
            return name
    return None


# -- generic --------------------------------------------------------------------------------------


def generic_findings(spec: CheckSpec, note: Note, context: NoteContext) -> Iterator[Finding]:
    """Template giveaways, or a note with no detail, topic or name from the interview."""
    settings = spec.settings
    placeholder = False
    for raw in settings.get("template_phrases", ()):
        match = re.search(raw, note.norm, re.IGNORECASE)
        if match:
            placeholder = True
            yield Finding(
                spec.id,
                note.excerpt(*match.span()),
                "That's template wording: replace it with their name and something you "
                "actually discussed.",
                spec.severity,
                *match.span(),
            )
            break
    if placeholder or _has_detail(note, context, settings) or _named(note, context):
        return
    yield Finding(
        spec.id,
        note.head(10) + " …",
        "Nothing here is specific to your interview. " + spec.fix,
        spec.severity,
        0,
        len(note.text),
    )


def _has_detail(note: Note, context: NoteContext, settings: Mapping[str, Any]) -> bool:
    body = note.norm[note.greeting_span[1] : note.closing_start]
    details = name_words([*context.topics, context.role or ""]) - GENERIC_NOUNS
    lowered = {w.text.lower() for w in note.body_words()}
    if details & lowered:
        return True
    vague = GENERIC_NOUNS | _FILLER | {str(w).lower() for w in settings.get("template_words", ())}
    cues = settings.get("specific_cues", ())
    for raw in cues if isinstance(cues, list) else ():
        for match in re.finditer(str(raw), body, re.IGNORECASE):
            said = match.group().lower().split()[-1:] + _phrase_after(body, match.end())
            if any(_bare(w) not in vague for w in said):
                return True
    if re.search(r"\d", body):
        return True
    known = name_words([context.company or "", *context.interviewers])
    for word in note.body_words():
        lowered_word = word.text.lower()
        if word.capitalised and not word.sentence_start and lowered_word not in known | _NOT_DETAIL:
            return True
    return False


_PHRASE_END = re.compile(r"[.,;:!?()\n]")
_PHRASE_STOP = frozenset(
    {"and", "or", "but", "to", "for", "with", "that", "which", "who", "as", "so", "i", "it"}
    | {"was", "is", "were", "are", "made", "gave", "left", "really", "very", "more", "again"}
)


def _phrase_after(body: str, start: int) -> list[str]:
    """The few words that follow a cue, up to punctuation or a word that starts a new phrase:
    what was talked about, not whatever the next sentence says."""
    cut = _PHRASE_END.search(body, start, start + 60)
    words: list[str] = []
    for word in body[start : cut.start() if cut else start + 60].lower().split()[:4]:
        if word in _PHRASE_STOP:
            break
        words.append(word)
    return words


def _bare(word: str) -> str:
    word = word.strip(".,;:!?\"'")
    return word[:-2] if word.endswith("'s") else word


_FILLER = frozenset(
    {"the", "a", "an", "your", "our", "my", "this", "that", "of", "to", "and", "about", "more"}
    | {"how", "what", "why"}
)
_NOT_DETAIL = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "dear", "hi", "hello", "thank", "thanks", "best", "regards"}
)


def _named(note: Note, context: NoteContext) -> bool:
    """The interviewer named in the greeting and the company in the note: specific enough."""
    if not context.interviewers or not context.company:
        return False
    start, end = note.greeting_span
    greeting = {w.lower() for w in _NAME_WORD.findall(note.norm[start:end])}
    words = {w.text.lower() for w in note.words}
    return bool(greeting & name_words(context.interviewers)) and bool(
        name_words([context.company]) & words
    )


# -- wrong name -----------------------------------------------------------------------------------


def wrong_name_findings(spec: CheckSpec, note: Note, context: NoteContext) -> Iterator[Finding]:
    people = name_words(list(context.interviewers))
    company = name_words([context.company]) if context.company else set()
    if not people and not company:
        return
    settings = spec.settings
    skip = {str(w).lower() for w in (*settings.get("titles", ()), *settings.get("not_names", ()))}
    reported: set[str] = set()
    yield from _greeting_names(spec, note, context, people, company, skip, reported)
    yield from _misspelt_names(spec, note, people | company, skip, reported)
    if company:
        yield from _other_companies(spec, note, context, people, company, skip, reported)


def _greeting_names(
    spec: CheckSpec,
    note: Note,
    context: NoteContext,
    people: set[str],
    company: set[str],
    skip: set[str],
    reported: set[str],
) -> Iterator[Finding]:
    if not people:
        return
    start, end = note.greeting_span
    for match in _NAME_WORD.finditer(note.norm, start, end):
        word = match.group()
        lowered = word.lower().rstrip("'s") if word.lower().endswith("'s") else word.lower()
        if not word[:1].isupper() or lowered in skip or lowered in people | company:
            continue
        reported.add(lowered)
        close = _close(word, people)
        names = " or ".join(context.interviewers)
        suggestion = (
            f'Check the spelling of their name: you registered "{_proper(close, context)}".'
            if close
            else f"You registered this interview with {names}; check who this note is for."
        )
        yield Finding(spec.id, word, suggestion, spec.severity, *match.span())


def _misspelt_names(
    spec: CheckSpec, note: Note, names: set[str], skip: set[str], reported: set[str]
) -> Iterator[Finding]:
    speller = dictionary()
    for word in note.words:
        lowered = word.text.lower()
        if not word.capitalised or lowered in skip or lowered in reported:
            continue
        close = _close(word.text, names)
        if close is None or lowered in speller:
            continue
        reported.add(lowered)
        yield Finding(
            spec.id,
            word.text,
            f'Check the spelling: the name you registered is "{close.title()}".',
            spec.severity,
            word.start,
            word.end,
        )


def _other_companies(
    spec: CheckSpec,
    note: Note,
    context: NoteContext,
    people: set[str],
    company: set[str],
    skip: set[str],
    reported: set[str],
) -> Iterator[Finding]:
    cues = spec.settings.get("company_cues", ())
    common = {str(w).lower() for w in spec.settings.get("company_words", ())}
    own = (company - common) or company
    for raw in cues if isinstance(cues, list) else ():
        for match in re.finditer(str(raw), note.norm):
            named = match.group(2)
            words = name_words([named])
            distinct = words - common
            if not distinct or distinct & (own | people) or words & reported:
                continue
            if all(w in skip for w in words):
                continue
            reported.update(words)
            yield Finding(
                spec.id,
                named,
                f"This interview was with {context.company}: make sure the note names the "
                "right company.",
                spec.severity,
                match.start(2),
                match.end(2),
            )


def _proper(lowered: str | None, context: NoteContext) -> str:
    for name in context.interviewers:
        for word in _NAME_WORD.findall(name):
            if word.lower() == lowered:
                return str(word)
    return (lowered or "").title()
