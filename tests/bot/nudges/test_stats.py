"""Dispatch figures add up across passes, errors and halts included."""

from __future__ import annotations

from bot.nudges.stats import DispatchStats


def test_adding_passes_sums_every_count_and_keeps_errors_and_halts() -> None:
    total = DispatchStats(sent=2, claimed=3)
    total.add(DispatchStats(sent=1, retried=1, claimed=1, errors=["503"]))
    total.add(DispatchStats(halted=True, fell_back=1))
    assert (total.sent, total.retried, total.claimed, total.fell_back) == (3, 1, 4, 1)
    assert total.errors == ["503"]
    assert total.halted
