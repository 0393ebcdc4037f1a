"""Delivery keys: the per-nudge idempotency key platforms see (Discord's message nonce)."""

from __future__ import annotations

import uuid
from time import time_ns


def new_delivery_key() -> str:
    """Stable per nudge, unique across databases, 24 characters (Discord's nonce allows 25)."""
    return new_delivery_keys(1)[0]


def new_delivery_keys(count: int) -> list[str]:
    """`count` delivery keys that sort together: "av", the time in ms, 32 random bits, an index.

    Keys that follow each other land on the same page of the unique index, so a registration
    writes one index page instead of one per nudge (fewer pages to fsync at COMMIT).
    """
    keys: list[str] = []
    while len(keys) < count:
        prefix = f"av{time_ns() // 1_000_000:012x}{uuid.uuid4().int & 0xFFFFFFFF:08x}"
        keys.extend(f"{prefix}{index:02x}" for index in range(min(count - len(keys), 256)))
    return keys
