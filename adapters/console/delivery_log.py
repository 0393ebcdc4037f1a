"""A platform-neutral notifier that appends each delivery to a JSON-lines file.

Used for dry runs (``AFTERVIEW_DELIVERY_LOG``) and by the kill test: each line is flushed and
fsync'd before `send` returns, so a line in the file means the "platform" accepted the message,
exactly like a real platform's 200 OK.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.ports import Delivery


class FileNotifier:
    """Appends one JSON object per delivery: nudge id, key, recipient, text, time."""

    def __init__(self, path: Path, platform: str = "console") -> None:
        self._path = Path(path)
        self._platform = platform
        self._path.parent.mkdir(parents=True, exist_ok=True)

    @property
    def platform(self) -> str:
        return self._platform

    @property
    def path(self) -> Path:
        return self._path

    async def send(self, delivery: Delivery) -> None:
        line = json.dumps(_record(delivery), ensure_ascii=False) + "\n"
        await asyncio.to_thread(self._append, line)

    def _append(self, line: str) -> None:
        with self._path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


def _record(delivery: Delivery) -> dict[str, Any]:
    who = delivery.recipient
    return {
        "nudge_id": delivery.nudge_id,
        "key": delivery.key,
        "platform": who.platform,
        "workspace": who.workspace,
        "user": who.user,
        "text": delivery.reply.text,
        "body": delivery.reply.plain(),
        "controls": [getattr(c, "action_id", "") for c in delivery.reply.controls],
        "at": datetime.now(UTC).isoformat(),
    }


def read_log(path: Path) -> list[dict[str, Any]]:
    """Every complete line of a delivery log (a torn last line from a crash is ignored)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records
