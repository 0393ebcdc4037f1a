"""Keep the garbage collector's full passes short in a long-running process.

A process that has loaded its modules, rulebook, plan and database engine keeps all of that
until it exits, yet every full (oldest-generation) collection walks it again: with 10,000
nudges being delivered one such pass stalled the event loop for 70 ms (bench/FINDINGS.md).
Freezing the heap once start-up is done moves those objects out of the collector's sight;
what is made later is collected as usual.
"""

from __future__ import annotations

import gc


def settle_after_start() -> None:
    """Collect start-up's garbage, then freeze what is left (call once, before serving)."""
    gc.collect()
    gc.freeze()
