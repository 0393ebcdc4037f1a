"""A core `Reply` as a Discord embed plus persistent components, safe to post anywhere.

Every string in a reply is plain text, often the user's own: it is escaped for Discord
markdown and its mentions are defused, and every send also carries `AllowedMentions.none()`,
so ``@everyone`` or ``<@&role>`` in a company name pings no one.

The escaping is our own: `discord.utils.escape_markdown` matches ``[..](..)`` greedily and so
left a masked link live when a company name held two of them, and it let bold, underline,
strikethrough, code and spoilers through in some arrangements. Here every character that can
open markup gets a backslash, wherever it is, and line-start markers (headings, lists,
quotes) are escaped too: nothing a user typed can become a link or formatting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from adapters.discord.views import build_view
from bot.core.messages import Reply, Tone, Verdict

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
ELLIPSIS = "…"

NO_MENTIONS = discord.AllowedMentions.none()

TONE_COLOURS: dict[Tone, int] = {
    Tone.PLAIN: 0x99AAB5,
    Tone.OK: 0x2ECC71,
    Tone.CAUTION: 0xF1C40F,
    Tone.AVOID: 0xE74C3C,
    Tone.INFO: 0x5865F2,
    Tone.WARNING: 0xE67E22,
}

VERDICT_COLOURS: dict[Verdict, int] = {
    Verdict.OK: 0x2ECC71,
    Verdict.CAUTION: 0xF1C40F,
    Verdict.AVOID: 0xE74C3C,
    Verdict.OUT_OF_SCOPE: 0x99AAB5,
}


@dataclass(frozen=True, slots=True)
class Rendered:
    """What goes into one Discord message."""

    embed: discord.Embed
    view: discord.ui.View | None


MARKUP_CHARACTERS = "\\*_~`|[]<>"
"""Characters that open or close Discord markup anywhere in a line (links, emphasis, code,
spoilers, quotes, mentions and custom emoji); the backslash first, so that the backslashes
put in front of the others are not escaped again."""
LINE_MARKER = re.compile(r"([ \t]*)([#+-])")
"""At the start of a line: a heading, a list item or a subtext marker."""
LIST_NUMBER = re.compile(r"([ \t]*\d+)\.")
"""At the start of a line: a numbered list item."""
MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")
"""What `discord.utils.escape_mentions` breaks up (the same pattern)."""
LINE_START = frozenset(" \t#+-0123456789")
"""The characters a line that needs escaping at its start can begin with."""


def safe(text: str) -> str:
    """Plain text made inert: markup escaped and mentions broken with a zero-width space.

    Each step looks for what it changes before it changes anything (a reply is mostly text
    with none of it): a regular expression over every position cost more than the rest of
    rendering together.
    """
    for char in MARKUP_CHARACTERS:
        if char in text:
            text = text.replace(char, "\\" + char)
    if "\n" in text:
        text = "\n".join(_line_start(line) for line in text.split("\n"))
    else:
        text = _line_start(text)
    if "@" in text:
        text = MENTION.sub("@\u200b\\1", text)
    return text


def _line_start(line: str) -> str:
    """A line with its leading marker or list number escaped (at most one can start it)."""
    if not line or line[0] not in LINE_START:
        return line
    marker = LINE_MARKER.match(line)
    if marker is not None:
        return f"{marker[1]}\\{line[marker.end(1) :]}"
    number = LIST_NUMBER.match(line)
    if number is not None:
        return f"{number[1]}\\{line[number.end(1) :]}"
    return line


def fit(text: str, limit: int) -> str:
    """`safe(text)` cut to `limit` characters without leaving half an escape behind."""
    escaped = safe(text)
    if len(escaped) <= limit:
        return escaped
    cut = min(len(text), limit - 1)
    while cut > 0:
        candidate = safe(text[:cut].rstrip()) + ELLIPSIS
        if len(candidate) <= limit:
            return candidate
        cut -= max(1, (len(candidate) - limit + 1) // 2)
    return ELLIPSIS


def colour(reply: Reply) -> int:
    """The verdict's colour when there is one, otherwise the tone's."""
    if reply.verdict is not None:
        return VERDICT_COLOURS[reply.verdict]
    return TONE_COLOURS[reply.tone]


def render(reply: Reply) -> Rendered:
    """The reply as an embed (summary as title, sections in the body) and its controls."""
    summary = reply.text.strip() or ELLIPSIS
    title = fit(summary.replace("\n", " "), TITLE_MAX)
    parts: list[str] = []
    if safe(summary.replace("\n", " ")) != title:  # too long for a title: keep it whole below
        parts.append(safe(summary))
    for section in reply.sections:
        body = safe(section.text)
        parts.append(f"**{safe(section.title)}**\n{body}" if section.title else body)
    description = "\n\n".join(p for p in parts if p)
    if len(description) > DESCRIPTION_MAX:
        description = _cut_escaped(description, DESCRIPTION_MAX)
    embed = discord.Embed(
        title=title, description=description or None, colour=discord.Colour(colour(reply))
    )
    return Rendered(embed=embed, view=build_view(reply.controls))


def _cut_escaped(text: str, limit: int) -> str:
    """Cut already-escaped text, dropping a trailing lone backslash so nothing is unescaped."""
    cut = text[: limit - 1]
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut + ELLIPSIS
