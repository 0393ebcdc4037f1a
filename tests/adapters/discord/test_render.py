"""render: escaping, mentions defused, colours, Discord's size limits."""

from __future__ import annotations

import re

import discord
from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.render import (
    DESCRIPTION_MAX,
    NO_MENTIONS,
    TITLE_MAX,
    TONE_COLOURS,
    VERDICT_COLOURS,
    fit,
    render,
    safe,
)
from bot.core.messages import Button, Reply, Section, Tone, Verdict


def test_user_text_is_escaped_and_mentions_defused() -> None:
    reply = Reply(
        text="Acme @everyone **bold**",
        sections=(Section("ping <@&123456789012345678> and @here", title="_Why_"),),
    )
    embed = render(reply).embed
    assert embed.title == "Acme @\u200beveryone \\*\\*bold\\*\\*"
    assert embed.description == (
        "**\\_Why\\_**\nping \\<@\u200b&123456789012345678\\> and @\u200bhere"
    )


def test_no_mentions_allows_nothing() -> None:
    assert dict(NO_MENTIONS.to_dict()) == {"parse": []}


def test_verdict_colour_wins_over_tone() -> None:
    advice = Reply(text="x", tone=Tone.INFO, verdict=Verdict.AVOID)
    plain = Reply(text="x", tone=Tone.WARNING)
    assert render(advice).embed.colour == discord.Colour(VERDICT_COLOURS[Verdict.AVOID])
    assert render(plain).embed.colour == discord.Colour(TONE_COLOURS[Tone.WARNING])


def test_a_long_summary_is_kept_whole_in_the_body() -> None:
    text = "word " * 100
    embed = render(Reply(text=text)).embed
    assert embed.title is not None
    assert len(embed.title) <= TITLE_MAX
    assert embed.title.endswith("…")
    assert embed.description == safe(text.strip())


def test_controls_become_components() -> None:
    shown = render(Reply(text="x", controls=(Button("Done", "nudge.done", "7"),)))
    assert shown.view is not None
    assert [c.to_component_dict()["custom_id"] for c in shown.view.children] == [
        "av:b:nudge.done:7"
    ]
    assert render(Reply(text="x")).view is None


def test_fit_never_leaves_a_dangling_escape() -> None:
    text = "*" * 300
    cut = fit(text, TITLE_MAX)
    assert len(cut) <= TITLE_MAX
    body = cut.removesuffix("…")
    assert len(body) % 2 == 0  # every "*" still has its backslash


@given(
    st.text(max_size=300),
    st.lists(st.tuples(st.text(max_size=2000), st.text(max_size=50)), max_size=6),
)
def test_any_reply_fits_and_pings_no_one(summary: str, sections: list[tuple[str, str]]) -> None:
    reply = Reply(text=summary, sections=tuple(Section(t, title=h) for t, h in sections))
    embed = render(reply).embed
    title = embed.title or ""
    description = embed.description or ""
    assert len(title) <= TITLE_MAX
    assert len(description) <= DESCRIPTION_MAX
    for rendered in (title, description):
        assert "@everyone" not in rendered
        assert "@here" not in rendered


def _safe_by_patterns(text: str) -> str:
    """The escaping as whole-text substitutions (how it was first written): the reference."""
    escaped = re.sub(r"([\\*_~`|\[\]<>])", r"\\\1", text)
    escaped = re.sub(r"^([ \t]*)([#+-])", r"\1\\\2", escaped, flags=re.MULTILINE)
    escaped = re.sub(r"^([ \t]*\d+)\.", r"\1\\.", escaped, flags=re.MULTILINE)
    return discord.utils.escape_mentions(escaped)


MARKUP_HEAVY = st.text(alphabet=st.sampled_from("\\*_~`|[]<>#+-.@ \t\n12345678 9aé—&!"))


@given(MARKUP_HEAVY | st.text())
def test_escaping_matches_the_whole_text_patterns(text: str) -> None:
    assert safe(text) == _safe_by_patterns(text)


@given(
    st.lists(
        st.sampled_from(["  - a", "# h", "12. x", "\t+ y", "@everyone", "@here", "3.", "-"])
        | st.text(alphabet=st.sampled_from("@&!0123456789 -#.\\")),
        max_size=6,
    )
)
def test_escaping_matches_the_patterns_line_by_line(lines: list[str]) -> None:
    text = "\n".join(lines) + "".join("@!" + "1" * 18 for _ in lines[:1])
    assert safe(text) == _safe_by_patterns(text)
