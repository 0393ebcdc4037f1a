from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from adapters.console.delivery_log import FileNotifier, read_log
from bot.core.messages import Button, Identity, Reply
from bot.core.ports import Delivery, TransientDeliveryError


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


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """A real "disk full" for this process: the kernel refuses writes past `size` bytes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


async def test_a_full_disk_fails_the_send_and_leaves_no_torn_record(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    notifier = FileNotifier(path)
    who = Identity("console", "local", "ada")
    await notifier.send(Delivery(1, who, Reply(text="First"), "av1"))
    size = path.stat().st_size
    with file_size_limit(size + 40), pytest.raises(TransientDeliveryError, match="delivery log"):
        await notifier.send(Delivery(2, who, Reply(text="Second " * 20), "av2"))
    assert path.stat().st_size == size, "a partial record was left behind"
    await notifier.send(Delivery(2, who, Reply(text="Second " * 20), "av2"))  # the retry
    assert [r["nudge_id"] for r in read_log(path)] == [1, 2]
    assert path.read_bytes().endswith(b"\n")


async def test_a_record_after_a_torn_line_starts_a_line_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"nudge_id": 1}\n{"nudge_id": 2, "ke', encoding="utf-8")
    await FileNotifier(path).send(Delivery(3, Identity("console", "l", "a"), Reply("x"), "k"))
    assert [r["nudge_id"] for r in read_log(path)] == [1, 3]
