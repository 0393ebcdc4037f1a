"""Files sent with a reply (an export), written to a folder for a terminal user."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from bot.core.messages import Attachment

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def default_folder(user: str) -> Path:
    """Per terminal user, under the user data directory (next to the default database)."""
    return Path(platformdirs.user_data_dir("afterview")) / "exports" / _UNSAFE.sub("_", user)


def write_files(files: Iterable[Attachment], folder: Path) -> list[Path]:
    """Write each file owner-only (it is someone's job hunt); the paths written."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    for item in files:
        name = _UNSAFE.sub("_", Path(item.filename).name) or "file"
        path = folder / name
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(item.content)
        os.chmod(path, 0o600)
        written.append(path)
    return written
