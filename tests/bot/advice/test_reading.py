"""What was read: whether a state holds, is denied, and whether concepts share a clause."""

from __future__ import annotations

from bot.advice.reading import Hit, Reading


def _reading(words: str, hits: dict[str, tuple[Hit, ...]], clauses: tuple[int, ...]) -> Reading:
    return Reading(tuple(words.split()), hits, clauses)


def test_a_state_holds_unless_denied_or_not_yet() -> None:
    words = "i signed the offer"
    signed = _reading(words, {"signed": (Hit(1, 2, False, 0),)}, (0, 0, 0, 0))
    assert signed.holds("signed")
    assert not signed.denied("signed")
    denied = _reading(words, {"signed": (Hit(1, 2, True, 0, denied=True),)}, (0, 0, 0, 0))
    assert not denied.holds("signed")
    assert denied.denied("signed")
    pending = _reading("until i signed", {"signed": (Hit(2, 3, False, 0),)}, (0, 0, 0))
    assert not pending.holds("signed")
    assert not signed.holds("elsewhere")
    assert not signed.denied("elsewhere")


def test_concepts_together_only_within_one_clause() -> None:
    hits: dict[str, tuple[Hit, ...]] = {
        "a": (Hit(0, 1, False, 0),),
        "b": (Hit(2, 3, False, 1),),
        "c": (Hit(3, 4, False, 1),),
    }
    reading = _reading("w x y z", hits, (0, 0, 1, 1))
    assert reading.together(["b", "c"], 2)
    assert not reading.together(["a", "b"], 2)
    assert reading.together(["a", "b"], 1)


def test_covered_counts_each_word_once_from_where_it_starts() -> None:
    reading = Reading(
        ("send", "a", "thank", "you", "note"),
        {"thanks": (Hit(2, 4, False), Hit(2, 5, False)), "send": (Hit(0, 1, False),)},
    )
    assert reading.covered(["thanks", "send"]) == {0, 2, 3, 4}
    assert reading.covered(["thanks", "send"], start=1) == {2, 3, 4}
    assert reading.covered(["missing"]) == set()


def test_mentions_count_separate_things_not_concepts() -> None:
    """ "a higher salary, more vacation, remote work and a signing bonus": four asks; "signing
    bonus" and its "bonus" are one, and so is "remote equipment" (side by side in a clause)."""
    hits: dict[str, tuple[Hit, ...]] = {
        "salary": (Hit(1, 2, False, 0), Hit(7, 9, False, 2), Hit(8, 9, False, 2)),
        "perks": (Hit(3, 4, False, 1), Hit(4, 5, False, 2)),
    }
    reading = _reading(
        "a salary more vacation remote work and a bonus", hits, (0, 0, 1, 1, 2, 2, 2, 2, 2)
    )
    assert reading.mentions(["salary", "perks"]) == 4
    assert reading.mentions(["salary"]) == 2
    side_by_side: dict[str, tuple[Hit, ...]] = {"perks": (Hit(0, 1, False, 0), Hit(1, 2, False, 0))}
    assert _reading("remote equipment", side_by_side, (0, 0)).mentions(["perks"]) == 1
