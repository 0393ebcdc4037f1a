"""How long the note reviewer takes: a 300-word note, and hostile input (one 2,000-character
word, 2,000 characters of unknown words). Prints p50/p99 in milliseconds; asserts nothing."""

from __future__ import annotations

import random
import statistics
import string
import time

from bot.review.reviewer import Reviewer
from bot.review.values import NoteContext

SENTENCES = (
    "Thank you for meeting with me yesterday about the Data Engineer role at Acme.",
    "I especially enjoyed our conversation about moving your nightly batch jobs to streaming.",
    "Your point about data quality checks at the edge of the pipeline stayed with me.",
    "I have led a similar migration, and I definately learned how much the on-call load drops.",
    "I would be glad to bring that experience to the team and to the Berlin office.",
)


def three_hundred_words() -> str:
    words: list[str] = []
    while len(words) < 300:
        words.extend(random.choice(SENTENCES).split())
    return "Dear Dana,\n\n" + " ".join(words[:300]) + "\n\nBest regards,\nSam"


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def measure(reviewer: Reviewer, text: str, runs: int) -> tuple[float, float, float, float]:
    """p50/p99 of wall time and of this thread's CPU time: on a shared machine the wall p99
    also counts the moments another process had the core; the CPU figure is the review's own."""
    context = NoteContext(company="Acme", interviewers=("Dana Lee",), role="Data Engineer")
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        reviewer.review(text, context)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return (*percentiles(wall), *percentiles(cpu))


def main() -> None:
    random.seed(7)
    start = time.perf_counter()
    reviewer = Reviewer.from_dir()
    reviewer.warm_up()
    print(f"load checks + dictionary: {(time.perf_counter() - start) * 1000:.0f} ms")
    gibberish = " ".join("".join(random.choices(string.ascii_lowercase, k=6)) for _ in range(285))
    cases = {
        "300-word note": three_hundred_words(),
        "one 2,000-character word": "a" * 2000,
        "2,000 chars of unknown words": gibberish,
    }
    for name, text in cases.items():
        p50, p99, cpu50, cpu99 = measure(reviewer, text, 500)
        print(
            f"{name:<30} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   "
            f"(CPU p50 {cpu50:5.2f} ms, p99 {cpu99:5.2f} ms; target p99 < 20 ms)"
        )


if __name__ == "__main__":
    main()
