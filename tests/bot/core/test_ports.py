"""The ports adapters implement: what a notifier reports, and that ours fit the Protocols."""

from __future__ import annotations

from pathlib import Path

from adapters.console.delivery_log import FileNotifier
from bot.core.ports import (
    DeliveryError,
    Notifier,
    RecipientUnreachable,
    TransientDeliveryError,
)
from bot.interviews.service import new_delivery_key


def test_a_transient_error_carries_the_platforms_retry_after() -> None:
    error = TransientDeliveryError("429", retry_after=2.5)
    assert isinstance(error, DeliveryError)
    assert error.retry_after == 2.5
    assert TransientDeliveryError("503").retry_after is None
    assert not isinstance(RecipientUnreachable("closed"), TransientDeliveryError)


def test_delivery_keys_fit_discords_nonce_and_differ() -> None:
    keys = {new_delivery_key() for _ in range(200)}
    assert len(keys) == 200
    assert all(len(key) <= 25 for key in keys)


def test_the_file_notifier_is_a_notifier(tmp_path: Path) -> None:
    notifier: Notifier = FileNotifier(tmp_path / "log.jsonl")  # checked by mypy --strict too
    assert notifier.platform == "console"
