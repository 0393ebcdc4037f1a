"""What a dispatch pass did, counted: for logs, the health endpoint, tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DispatchStats:
    """What one pass did, for logs, tests and benchmarks."""

    sent: int = 0
    late: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0
    lost_lease: int = 0
    released: int = 0
    claimed: int = 0
    halted: bool = False
    """The pass stopped early: recording failed, or the dispatcher is stopping."""
    fell_back: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DispatchStats) -> None:
        for name in (
            "sent",
            "late",
            "skipped",
            "deferred",
            "retried",
            "failed",
            "unreachable",
            "lost_lease",
            "released",
            "claimed",
            "fell_back",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.halted = self.halted or other.halted
        self.errors.extend(other.errors)
