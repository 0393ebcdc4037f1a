from __future__ import annotations

from pathlib import Path

from adapters.console.delivery_log import FileNotifier, read_log
from bot.core.messages import Button, Identity, Reply
from bot.core.ports import Delivery


async def test_each_delivery_is_one_json_line(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "deliveries.jsonl"
    notifier = FileNotifier(path, platform="console")
    assert notifier.platform == "console"
    who = Identity("console", "local", "ada")
    reply = Reply(
        text="Send your thank-you note — <Acme>", controls=(Button("Done", "nudge.done", "1"),)
    )
    await notifier.send(Delivery(1, who, reply, "av123"))
    await notifier.send(Delivery(2, who, Reply(text="Second"), "av456"))
    records = read_log(path)
    assert [r["nudge_id"] for r in records] == [1, 2]
    assert records[0]["key"] == "av123"
    assert records[0]["user"] == "ada"
    assert records[0]["text"] == "Send your thank-you note — <Acme>"
    assert records[0]["controls"] == ["nudge.done"]


def test_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"nudge_id": 1}\n{"nudge_id": 2, "ke', encoding="utf-8")
    assert read_log(path) == [{"nudge_id": 1}]
    assert read_log(tmp_path / "missing.jsonl") == []
