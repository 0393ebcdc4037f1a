"""settle_after_start: start-up's objects leave the collector's sight, later ones do not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.heap import settle_after_start


class Node:
    def __init__(self) -> None:
        self.me: Node | None = None


@pytest.fixture
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # give the test process its collector back


def test_garbage_is_collected_then_what_is_alive_is_frozen(thawed: None) -> None:
    kept = Node()
    cycle = Node()
    cycle.me = cycle  # garbage that only a collection frees
    gone = weakref.ref(cycle)
    del cycle
    settle_after_start()
    assert gone() is None
    assert gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects())  # frozen: no pass walks it
    made_later = Node()
    assert any(o is made_later for o in gc.get_objects())  # tracked as usual
