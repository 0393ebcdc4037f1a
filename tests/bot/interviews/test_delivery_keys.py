from __future__ import annotations

from bot.interviews.delivery_keys import new_delivery_key, new_delivery_keys


def test_keys_of_one_registration_sort_together_in_order() -> None:
    keys = new_delivery_keys(6)
    assert keys == sorted(keys)
    assert len({key[:-2] for key in keys}) == 1
    assert all(len(key) == 24 and key.startswith("av") for key in keys)


def test_keys_stay_unique_past_one_prefix_and_between_calls() -> None:
    many = new_delivery_keys(300)
    assert len(set(many)) == 300
    assert len({new_delivery_key() for _ in range(500)}) == 500
