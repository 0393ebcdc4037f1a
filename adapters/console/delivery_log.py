"""A platform-neutral notifier that appends each delivery to a JSON-lines file.

Used for dry runs (``AFTERVIEW_DELIVERY_LOG``) and by the kill and fault runs: each line is
written whole and fsync'd before `send` returns, so a line in the file means the "platform"
accepted the message, exactly like a real platform's 200 OK. A write that fails part-way (a full
disk) is cut back off and the send fails as transient, so it is retried: the log never holds a
torn record for a nudge the database calls sent. Several processes may share one log (a lock
keeps records whole).
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.messages import Identity
from bot.core.ports import Delivery, TransientDeliveryError
from bot.db.engine import owner_only


class FileNotifier:
    """Appends one JSON object per delivery: nudge id, key, recipient, text, time."""

    def __init__(self, path: Path, platform: str = "console") -> None:
        self._path = Path(path)
        self._platform = platform
        owner_only(self._path)  # people's job hunts: readable by the owner alone

    @property
    def platform(self) -> str:
        return self._platform

    @property
    def path(self) -> Path:
        return self._path

    async def send(self, delivery: Delivery) -> None:
        line = json.dumps(_record(delivery), ensure_ascii=False) + "\n"
        try:
            await asyncio.to_thread(self._append, line.encode("utf-8"))
        except OSError as error:
            raise TransientDeliveryError(f"could not write the delivery log: {error}") from None

    def _append(self, data: bytes) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            start = os.lseek(fd, 0, os.SEEK_END)
            if start and os.pread(fd, 1, start - 1) != b"\n":
                data = b"\n" + data  # a torn line from a crash: start on a line of our own
            try:
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(errno.ENOSPC, f"only {written} of {len(data)} bytes written")
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, start)  # take the partial record back off
                raise
        finally:
            os.close(fd)  # closing drops the lock

    def forget(self, identities: tuple[Identity, ...]) -> int:
        """Remove every line addressed to these identities (forget-me); how many. Rewritten in
        place under the same lock the appenders take, so no other process's line is lost."""
        gone = {(who.platform, who.workspace, who.user) for who in identities}
        if not gone or not self._path.exists():
            return 0
        fd = os.open(self._path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(os.dup(fd), "rb") as handle:
                lines = handle.read().splitlines(keepends=True)
            kept = [line for line in lines if _addressee(line) not in gone]
            removed = len(lines) - len(kept)
            if removed:
                os.ftruncate(fd, 0)
                os.pwrite(fd, b"".join(kept), 0)
                os.fsync(fd)
            return removed
        finally:
            os.close(fd)


def _addressee(line: bytes) -> tuple[object, object, object] | None:
    try:
        record = json.loads(line)
        return (record.get("platform"), record.get("workspace"), record.get("user"))
    except (ValueError, AttributeError):
        return None


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
