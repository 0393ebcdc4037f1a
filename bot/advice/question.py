"""Turn a free-text question into comparable word forms.

People type fast and loose: curly quotes, contractions, "thx 4 the gr8 chat", hyphenated or not.
Normalising, splitting into clauses and stemming lets one rulebook phrase match many spellings;
negation scope lets "don't send a thank-you note" mean something different from "send" one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.advice.language import english
from bot.english import unaccented

_ENGLISH = english()
"""The word lists below come from `rules/language/english.yaml`."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": " ",
        "\u2014": " ",
        "\u2012": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)

_CONTRACTIONS = _ENGLISH.contractions

SHORTHAND = _ENGLISH.shorthand
"""Chat shorthand and apostrophe-less contractions, expanded to the words they stand for."""

NEGATORS = _ENGLISH.negators
"""Words that put what follows them (within the clause) in negative scope."""

_SCOPE_BREAKERS = _ENGLISH.scope_breakers
BACK_REFERENCES = _ENGLISH.back_references
"""Words of the asking sentence that point back at the story before it ("send it tonight?")."""
_HESITATIONS = _ENGLISH.hesitations
"""Right after a negator, these take the negation themselves ("not sure whether to send one")."""
_INSTRUCTIONS = _ENGLISH.instructions
"""Before a negator, these make it someone's instruction ("they asked us not to send notes")."""
_INSTRUCTED = _ENGLISH.instructed
"""Who may stand between an instruction verb and its negator ("asked us not to")."""
_INTENSIFIERS = _ENGLISH.intensifiers
"""Words that may stand between a negator and a word of doubt ("don't really know")."""
_PAST = _ENGLISH.past_auxiliaries
"""After these, "not" reports what happened ("I didn't send one"), not what to do..."""
_PAST_FORMS = _ENGLISH.past_forms
_SUPPOSE = _ENGLISH.suppositions
"""...unless the past is a supposition ("would it hurt if I didn't send one?")."""


def _reports_past(words: tuple[str, ...], index: int) -> bool:
    """Whether the negator at `index` states a past fact ("I didn't", "I never sent") rather
    than a plan."""
    word = words[index]
    if word == "not":
        if not index or words[index - 1] not in _PAST:
            return False
    elif word != "never" or index + 1 >= len(words) or not _past_form(words[index + 1]):
        return False
    return not any(w in _SUPPOSE for w in words[max(0, index - 4) : index - 1])


def _hesitation(words: tuple[str, ...], index: int) -> int | None:
    """Where the negator at `index` stops: at a word of doubt right after it ("not sure",
    "don't really know", "can't decide"), whose object is asked about rather than negated;
    None when it reaches on as usual."""
    after = index + 1
    if after < len(words) and words[after] in _INTENSIFIERS:
        after += 1
    if after < len(words) and words[after] in _HESITATIONS:
        return after
    return None


def _instructed(words: tuple[str, ...], index: int) -> bool:
    """Whether the negator at `index` is part of someone's instruction ("they asked us not to
    send notes", "she said not to call"), which negates no plan of the asker's."""
    before = index - 1
    if before >= 0 and words[before] in _INSTRUCTED:
        before -= 1
    return before >= 0 and words[before] in _INSTRUCTIONS


def _past_form(word: str) -> bool:
    return word in _PAST_FORMS or (len(word) > 4 and word.endswith("ed"))


NEGATION_REACH = 5
"""How many words after a negator stay negated (a clause rarely carries it further)."""

_WORD = re.compile(r"[a-z0-9$]+(?:\.[0-9]+)?|[.,;:!?()\"]")
_BOUNDARY = frozenset('.,;:!?()"')
_SENTENCE_ENDS = frozenset(".!?")

IRREGULAR = _ENGLISH.irregular

_UNDOUBLE = frozenset("bdgmnprt")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent stem: the same for send/sends/sending, note/notes/noted.

    It only has to agree with itself (rule phrases go through it too), not be linguistics.
    """
    known = IRREGULAR.get(word)
    if known is not None:
        return known
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] in _UNDOUBLE:
                base = base[:-1]
            elif (
                len(base) == 3
                and base[0] not in _VOWELS
                and base[1] in _VOWELS
                and base[2] not in _VOWELS
                and base[2] not in "wxy"
            ):
                base += "e"
            word = base
            break
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Words:
    """A question as words, each with its clause number (punctuation separates clauses)."""

    words: tuple[str, ...]
    clauses: tuple[int, ...]
    ask_start: int = 0
    """Where the sentence that asks begins (the last one with a question mark, else the last
    one); 0 for a question of one sentence. Long questions tell a story first, then ask."""


def normalise(text: str) -> str:
    """Lowercase plain-ASCII-ish text with contractions spelled out and hyphens as spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    if not text.isascii():
        text = unaccented(text)  # "résumé" stays one word: "resume", not "r" and "sum"
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", " ").replace("-", " ").replace("/", " ").replace("_", " ")
    text = text.replace("&", " and ").replace("+", " and ")
    return text


def split_words(text: str) -> Words:
    """Normalise and tokenise; shorthand is expanded, punctuation becomes clause breaks."""
    words: list[str] = []
    clauses: list[int] = []
    clause = 0
    sentences: list[int] = [0]  # where each sentence begins
    asked: int | None = None  # where the last sentence with a question mark begins
    for token in _WORD.findall(normalise(text)):
        if token in _BOUNDARY:
            clause += 1
            if token in _SENTENCE_ENDS and len(words) > sentences[-1]:
                asked = sentences[-1] if token == "?" else asked
                sentences.append(len(words))
            continue
        for word in SHORTHAND.get(token, (token,)):
            words.append(word)
            clauses.append(clause)
    if len(words) == sentences[-1]:
        sentences.pop()  # the text ended on a full stop: no sentence after it
    ask_start = 0 if len(sentences) < 2 else asked if asked is not None else sentences[-1]
    return Words(tuple(words), tuple(clauses), ask_start)


def negated_clause(words: tuple[str, ...], clauses: tuple[int, ...]) -> tuple[bool, ...]:
    """Which words follow a negator in their clause, however far ("not ... right after").

    Used to tell a question about *not* doing something from one that only mentions a negated
    fact on the way ("I don't have an offer, can I pretend I do?").
    """
    flags = [False] * len(words)
    active = False
    for index, word in enumerate(words):
        if index and clauses[index] != clauses[index - 1]:
            active = False
        if word in _SCOPE_BREAKERS:
            active = False
        flags[index] = active
        if word in NEGATORS and not _reports_past(words, index) and not _instructed(words, index):
            active = _hesitation(words, index) is None
    return tuple(flags)


NOT_YET = _ENGLISH.not_yet
NOT_YET_REACH = 4
"""How many words before a state a "not yet" word reaches ("until the contract is signed",
"before I have signed it")."""


def not_yet(words: tuple[str, ...], clauses: tuple[int, ...], start: int) -> bool:
    """Whether the words just before `start`, in its clause, say that what follows does not
    hold yet ("before", "until", "pending")."""
    for index in range(start - 1, max(-1, start - 1 - NOT_YET_REACH), -1):
        if clauses[index] != clauses[start]:
            return False
        if words[index] in NOT_YET:
            return True
    return False


def negation_scope(
    words: tuple[str, ...], clauses: tuple[int, ...], *, facts: bool = False
) -> tuple[int, ...]:
    """For each word, the position of the negator whose scope it sits in, or -1.

    A negator ("not", "never", "skip", "without"...) reaches a few words, within its clause.
    One that reports the past ("I didn't send one") negates no plan, so it counts only with
    `facts`: for what is said to be so or not ("I didn't get the written offer").
    """
    scope = [-1] * len(words)
    for index, word in enumerate(words):
        if word not in NEGATORS or (not facts and _reports_past(words, index)):
            continue
        if _instructed(words, index):
            continue
        stop = _hesitation(words, index)
        if stop is not None:
            scope[index + 1 : stop + 1] = [index] * (stop - index)
            continue
        for offset in range(1, NEGATION_REACH + 1):
            target = index + offset
            if target >= len(words) or clauses[target] != clauses[index]:
                break
            if words[target] in _SCOPE_BREAKERS:
                break
            scope[target] = index
    return tuple(scope)


OBLIGATION_FRAMES = _ENGLISH.obligation_frames
"""Ways of asking whether something is required, rather than whether it is wise."""


_ASKS_HOW = _ENGLISH.asks_how
"""Before a frame, these make it a question about time or manner ("how long do I have to
send it?"), not about whether to do it at all."""


def _by_first_word(frames: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    indexed: dict[str, list[tuple[str, ...]]] = {}
    for frame in frames:
        if frame:
            indexed.setdefault(frame[0], []).append(frame)
    return indexed


_FRAMES_BY_FIRST = _by_first_word(OBLIGATION_FRAMES)


def obligation_frames(words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the question asks "do I have to ...": spans [start, end) of each frame (looked
    up by their first word: most words begin none)."""
    found: list[tuple[int, int]] = []
    for start, word in enumerate(words):
        frames = _FRAMES_BY_FIRST.get(word)
        if frames is None or (start and words[start - 1] in _ASKS_HOW):
            continue
        for frame in frames:
            if words[start : start + len(frame)] == frame:
                found.append((start, start + len(frame)))
    return found


_QUESTION_OPENERS = _ENGLISH.question_openers


def asks(text: str, words: tuple[str, ...]) -> bool:
    """Whether a text is put as a question: a question mark, or a first word that opens one
    ("should I...", "how long..."); a search query ("best pizza near me") is neither."""
    return "?" in text or (bool(words) and words[0] in _QUESTION_OPENERS)
