"""Neutral messages: a reply as plain text keeps every part, in order, and nothing empty."""

from __future__ import annotations

from bot.core.messages import Reply, Section


def test_plain_joins_summary_and_sections_with_their_titles() -> None:
    reply = Reply("Summary", sections=(Section("body", title="Why"), Section("more")))
    assert reply.plain() == "Summary\n\nWhy\nbody\n\nmore"
    assert Reply("", sections=(Section("only"),)).plain() == "only"
    assert Reply("x").private  # discreet by default
