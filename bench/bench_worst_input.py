"""The slowest inputs we know of, through `Coach.handle`: time and peak memory for each.

Prints figures only. Aim: every input up to the message limit answered in well under 50 ms
and without noticeable memory. Each input is asked of a fresh coach (nothing cached, its
router built as the runner builds it at start-up), then once more warm.
"""

from __future__ import annotations

import random
import string
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.core.coach import MESSAGE_MAX, Coach  # noqa: E402
from bot.core.messages import Identity, Request  # noqa: E402

WHO = Identity("bench", "w", "u")


def nonsense(length: int, count: int, seed: int) -> str:
    rng = random.Random(seed)
    words = ("".join(rng.choices(string.ascii_lowercase, k=length)) for _ in range(count))
    return " ".join(words)[: MESSAGE_MAX - 10]


def inputs() -> dict[str, str]:
    return {
        "one 1,990-letter word": "a" * 1990,
        "one 1,990-letter random word": nonsense(1990, 1, 1),
        "400 distinct 4-letter non-words": nonsense(4, 400, 2),
        "199 distinct 9-letter non-words": nonsense(9, 199, 3),
        "117 distinct 16-letter non-words": nonsense(16, 117, 4),
        "typo'd rulebook words x 180": " ".join(["interveiw", "thnak", "recuriter"] * 60)[:1990],
        "'not' x 490": " ".join(["not"] * 490),
        "a long question x 20": (" is it okay to send a thank you gift to the recruiter" * 20)[
            :1990
        ],
        "punctuation only": "?!.," * 497,
        "unicode letters": "é" * 1990,
        "accented words x 284": ("résumé " * 284)[:1990],
        "a capital letter and 1,989 spaces": "A" + " " * 1989,
        "a reply with 390 quoted messages": (
            "can I reply to the rejection with " + '"your loss" ' * 390
        )[:1990],
    }


def measure(text: str) -> tuple[float, float, int]:
    """Seconds cold (fresh advisor, no spelling cache) and warm, and the peak bytes allocated
    while answering cold (measured on a second fresh advisor: tracing slows the timing)."""
    request = Request(who=WHO, text=text)
    advisor = Advisor.from_dir()
    advisor.warm_up()
    coach = Coach(advisor)
    start = time.perf_counter()
    coach.handle(request)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    coach.handle(request)
    warm = time.perf_counter() - start
    second = Advisor.from_dir()
    second.warm_up()
    traced = Coach(second)
    tracemalloc.start()
    traced.handle(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return cold, warm, peak


def main() -> int:
    print(f"{'input':<34} {'cold ms':>9} {'warm ms':>9} {'peak KiB':>9}")
    for name, text in inputs().items():
        cold, warm, peak = measure(text)
        print(f"{name:<34} {cold * 1000:9.2f} {warm * 1000:9.2f} {peak / 1024:9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
