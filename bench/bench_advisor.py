"""How fast the advisor answers: per question once warm, and from a cold process start.

Prints figures only; nothing here asserts a time. Aims: p99 under 2 ms per question, first
answer from a fresh `python -c` under 0.5 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import load_cases  # noqa: E402

ROUNDS = 30
COLD_STARTS = 5
COLD_SCRIPT = (
    "import time; t = time.perf_counter(); "
    "from bot.advice.advisor import Advisor; "
    "a = Advisor.from_dir(); "
    "a.advise('is it okay to add my interviewer on LinkedIn?'); "
    "print(time.perf_counter() - t)"
)


MEMORY_SCRIPT = (
    "import resource, tracemalloc; tracemalloc.start(); "
    "from bot.advice.advisor import Advisor; "
    "a = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
    "b = Advisor.from_dir(); b.advise('is it okay to add my interviewer on LinkedIn?'); "
    "c = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
    "print(a, c, tracemalloc.get_traced_memory()[1] / 2**20)"
)
"""Resident memory (max RSS) after import and after loading and answering, and peak traced
Python allocations."""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
    return ordered[index]


def warm_latencies(advisor: Advisor, questions: list[str]) -> list[float]:
    """Seconds per question over many rounds (the first round warms the spelling cache)."""
    timings: list[float] = []
    for _ in range(ROUNDS):
        for question in questions:
            start = time.perf_counter()
            advisor.advise(question)
            timings.append(time.perf_counter() - start)
    return timings


def unseen_latencies(advisor: Advisor, questions: list[str]) -> list[float]:
    """Seconds per question on a fresh advisor: nothing cached yet, like a new user's words."""
    timings: list[float] = []
    for question in questions:
        start = time.perf_counter()
        advisor.advise(question)
        timings.append(time.perf_counter() - start)
    return timings


def cold_starts() -> list[float]:
    """Wall time of a fresh interpreter importing the advisor and answering one question."""
    results: list[float] = []
    for _ in range(COLD_STARTS):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - start
        results.append(wall)
        inner = float(done.stdout.strip())
        print(
            f"  cold start: {wall * 1000:7.1f} ms wall, {inner * 1000:6.1f} ms import+load+answer"
        )
    return results


def main() -> None:
    questions = [
        case.question for case in load_cases(ROOT / "tests" / "data" / "questions-dev.tsv")
    ]
    start = time.perf_counter()
    advisor = Advisor.from_dir()
    load_ms = (time.perf_counter() - start) * 1000
    print(f"rulebook: {len(advisor.rulebook.rules)} rules, loaded and compiled in {load_ms:.1f} ms")
    start = time.perf_counter()
    advisor.warm_up()
    print(
        f"router: built from {len(advisor.second.router.labels)} labelled questions in "
        f"{(time.perf_counter() - start) * 1000:.1f} ms (at start-up, off the event loop)"
    )

    unseen = Advisor.from_dir()
    unseen.warm_up()
    fresh = unseen_latencies(unseen, questions)
    print(
        f"first sight ({len(fresh)} questions, fresh advisor): "
        f"p50 {statistics.median(fresh) * 1000:.3f} ms, "
        f"p99 {percentile(fresh, 0.99) * 1000:.3f} ms"
    )

    warm = warm_latencies(advisor, questions)
    print(
        f"warm ({len(questions)} questions x {ROUNDS} rounds): "
        f"p50 {statistics.median(warm) * 1000:.3f} ms, "
        f"p99 {percentile(warm, 0.99) * 1000:.3f} ms, "
        f"max {max(warm) * 1000:.3f} ms"
    )
    # Each question's median over the rounds: the same figures with scheduler noise from other
    # processes on a shared machine filtered out.
    per_question = [statistics.median(warm[i :: len(questions)]) for i in range(len(questions))]
    print(
        f"warm, per-question median: p50 {statistics.median(per_question) * 1000:.3f} ms, "
        f"p99 {percentile(per_question, 0.99) * 1000:.3f} ms "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )

    print(f"fresh process to first answer ({COLD_STARTS} runs):")
    walls = cold_starts()
    print(
        f"first answer: median {statistics.median(walls) * 1000:.1f} ms, "
        f"worst {max(walls) * 1000:.1f} ms"
    )
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    imported, loaded, peak = done.stdout.split()
    print(
        f"memory of a fresh process: {float(imported):.1f} MiB after importing the advisor, "
        f"{float(loaded):.1f} MiB with the rulebook loaded and one answer; "
        f"peak Python allocations {float(peak):.1f} MiB"
    )


if __name__ == "__main__":
    main()
