"""Reply -> Block Kit: escaped verbatim text, verdict marks, controls with encoded action ids."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import (
    MESSAGE_BLOCK_LIMIT,
    SECTION_TEXT_LIMIT,
    decode_action_id,
    encode_action_id,
    message,
    reply_blocks,
)
from bot.core.messages import Button, ButtonStyle, Choice, Menu, Reply, Section, Verdict


def test_headline_sections_and_titles_are_escaped_mrkdwn() -> None:
    reply = Reply(
        text="Registered <!channel>",
        sections=(Section("at Acme & Sons", title="<b>Plan</b>"), Section("no title")),
    )
    blocks = reply_blocks(reply)
    assert all(b["type"] == "section" and b["text"]["verbatim"] is True for b in blocks)
    assert [b["text"]["text"] for b in blocks] == [
        "*Registered &lt;!channel&gt;*",
        "*&lt;b&gt;Plan&lt;/b&gt;*\nat Acme &amp; Sons",
        "no title",
    ]


def test_each_verdict_gets_its_own_mark() -> None:
    marks = []
    for verdict in Verdict:
        blocks = reply_blocks(Reply(text="x", verdict=verdict))
        assert blocks[1]["type"] == "context"
        marks.append(blocks[1]["elements"][0]["text"])
    assert marks == [
        ":large_green_circle: *OK*",
        ":large_yellow_circle: *Careful*",
        ":red_circle: *Avoid*",
        ":white_circle: *Not my area*",
    ]


def test_buttons_and_menus_carry_encoded_action_ids_and_plain_escaped_labels() -> None:
    reply = Reply(
        text="Nudge",
        controls=(
            Button("Done <ok>", "nudge.done", "41", ButtonStyle.PRIMARY),
            Button("Stop", "nudge.stop", "41"),
            Menu("Snooze…", "nudge.snooze", (Choice("1 hour", "41:1h"), Choice("Later", "41:3h"))),
        ),
    )
    [actions] = [b for b in reply_blocks(reply) if b["type"] == "actions"]
    done, stop, snooze = actions["elements"]
    assert done == {
        "type": "button",
        "text": {"type": "plain_text", "text": "Done &lt;ok&gt;", "emoji": True},
        "action_id": "av|0|nudge.done",
        "value": "41",
        "style": "primary",
    }
    assert "style" not in stop
    assert snooze["type"] == "static_select"
    assert snooze["action_id"] == "av|2|nudge.snooze"
    assert [o["value"] for o in snooze["options"]] == ["41:1h", "41:3h"]


def test_action_ids_round_trip_and_foreign_ids_pass_through() -> None:
    assert decode_action_id(encode_action_id(3, "nudge.snooze")) == "nudge.snooze"
    assert decode_action_id(encode_action_id(0, "odd|id")) == "odd|id"
    assert decode_action_id("someone_elses_button") == "someone_elses_button"


def test_long_text_is_split_into_sections_within_slack_limits() -> None:
    long = "\n".join(f"line {i} " + "x" * 80 for i in range(200))
    blocks = reply_blocks(Reply(text="", sections=(Section(long),)))
    assert len(blocks) > 1
    assert all(len(b["text"]["text"]) <= SECTION_TEXT_LIMIT for b in blocks)
    assert "\n".join(b["text"]["text"] for b in blocks) == long


def test_unbroken_long_text_never_splits_an_entity() -> None:
    blocks = reply_blocks(Reply(text="", sections=(Section("&" * 4000),)))
    texts = [b["text"]["text"] for b in blocks]
    assert all(len(t) <= SECTION_TEXT_LIMIT for t in texts)
    assert all(t.count("&") == t.count("&amp;") for t in texts)
    assert "".join(texts) == "&amp;" * 4000


def test_too_many_sections_are_cut_but_controls_kept() -> None:
    reply = Reply(
        text="many",
        sections=tuple(Section(f"s{i}") for i in range(80)),
        controls=(Button("Stop", "nudge.stop", "1"),),
    )
    blocks = reply_blocks(reply)
    assert len(blocks) == MESSAGE_BLOCK_LIMIT
    assert blocks[-1]["type"] == "actions"
    assert blocks[-2]["text"]["text"] == "…"


def test_oversized_values_are_left_out_rather_than_rejected_by_slack() -> None:
    reply = Reply(
        text="x",
        controls=(
            Button("Big", "nudge.done", "9" * 3000),
            Menu("Pick", "nudge.snooze", (Choice("long", "v" * 200),)),
            Button("Fine", "nudge.stop", "1"),
        ),
    )
    [actions] = [b for b in reply_blocks(reply) if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["av|2|nudge.stop"]


def test_message_has_escaped_fallback_text() -> None:
    built: dict[str, Any] = message(Reply(text="Hi <@U1>", sections=(Section("body"),)))
    assert built["text"] == "Hi &lt;@U1&gt;"
    assert len(built["blocks"]) == 2
