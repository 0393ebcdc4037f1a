"""What adapters may keep in the core's database, through the core: installs and seen events.

Adapters never open the database themselves; multi-workspace installs (Slack OAuth) and
de-duplication of retried platform events go through this port, so that several replicas
behind a load balancer share them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class PlatformState(Protocol):
    def save_installation(self, platform: str, key: str, data: Mapping[str, Any]) -> None:
        """Store (replace) one installation record as JSON-compatible data."""
        ...

    def load_installation(self, platform: str, key: str) -> dict[str, Any] | None:
        """The record stored under `key`, or None."""
        ...

    def delete_installation(self, platform: str, key: str) -> None:
        """Forget one installation record (uninstall, token revoked)."""
        ...

    def first_sighting(self, platform: str, event_id: str) -> bool:
        """True the first time an event id is seen, False for every retry of it."""
        ...
