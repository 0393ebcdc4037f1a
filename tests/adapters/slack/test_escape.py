"""mrkdwn escaping: user text can never open a link or a mention."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.escape import escape, escape_clipped, unescape


def test_mentions_and_entities_are_made_inert() -> None:
    assert escape("<!channel> & <@U123> <!here|here>") == (
        "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;!here|here&gt;"
    )


def test_already_escaped_text_is_escaped_again_so_it_shows_as_typed() -> None:
    assert escape("&lt;") == "&amp;lt;"


@given(st.text())
def test_escaped_text_has_no_markup_and_reads_back_as_typed(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped
    assert ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


@given(st.text(), st.integers(min_value=1, max_value=60))
def test_clipped_text_fits_and_never_splits_an_entity(text: str, limit: int) -> None:
    clipped = escape_clipped(text, limit)
    assert len(clipped) <= limit
    body = clipped.removesuffix("…") if clipped != escape(text) else clipped
    restored = body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert text.startswith(restored)
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", body, re.DOTALL)  # entities whole


def test_short_text_is_not_clipped() -> None:
    assert escape_clipped("a & b", 9) == "a &amp; b"
    assert escape_clipped("a & b", 8) == "a &amp;…"
    assert escape_clipped("a & b", 7) == "a …"


@given(st.text(alphabet=st.sampled_from("&<>;amplgt —é\n")) | st.text())
def test_escaping_matches_a_character_by_character_table(text: str) -> None:
    table = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
    assert escape(text) == text.translate(table)


def test_slack_text_reads_back_as_typed() -> None:
    assert unescape("Q&amp;A &gt; notes &lt;3") == "Q&A > notes <3"
    assert unescape("&amp;lt; stays as typed") == "&lt; stays as typed"
    assert unescape("nothing to do") == "nothing to do"
    for text in ("Q&A > notes <3", "&lt;!channel&gt;", "a & b"):
        assert unescape(escape(text)) == text
