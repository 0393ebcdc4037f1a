"""The language-model mode against whatever endpoint the environment points at.

Prints figures only: per question file, accuracy, critical rate, out-of-scope recall and
lenient score with the mode on, next to the rulebook alone; how many questions the model
routed and how many fell back; and p50/p99 seconds per question. Point it at an endpoint:

    AFTERVIEW_LLM_URL=http://127.0.0.1:11434/v1 AFTERVIEW_LLM_MODEL=qwen3:8b \\
        .venv/bin/python bench/bench_llm.py [FILE ...]

(default files: the frozen and tuning parts of the real questions). A slow local model may
need `AFTERVIEW_LLM_TIMEOUT=30`; a timeout counts as a fallback, not a miss of the mode.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import Report, evaluate, load_cases  # noqa: E402
from bot.advice.llm import LlmAdvisor  # noqa: E402
from bot.advice.llm_settings import LlmSettings  # noqa: E402
from bot.core.messages import Advice  # noqa: E402

DEFAULT_FILES = ("questions-real-frozen.tsv", "questions-real-tune.tsv")


class Timed:
    """Records seconds per question of the advisor it wraps."""

    def __init__(self, inner: LlmAdvisor) -> None:
        self.inner = inner
        self.seconds: list[float] = []

    def advise(self, question: str) -> Advice:
        start = time.perf_counter()
        advice = self.inner.advise(question)
        self.seconds.append(time.perf_counter() - start)
        return advice


def summary(report: Report) -> str:
    recall = report.out_of_scope_recall
    return (
        f"accuracy {report.accuracy:6.1%}  critical {report.critical_error_rate:5.1%}  "
        f"out-of-scope recall {'n/a' if recall is None else f'{recall:6.1%}'}  "
        f"lenient {report.lenient:6.1%}"
    )


def main(argv: list[str]) -> int:
    settings = LlmSettings.from_env(os.environ)
    if settings is None:
        print("Set AFTERVIEW_LLM_URL and AFTERVIEW_LLM_MODEL to the endpoint to measure.")
        return 2
    files = [Path(a) for a in argv] or [ROOT / "tests" / "data" / n for n in DEFAULT_FILES]
    rulebook = Advisor.from_dir()
    print(f"endpoint {settings.endpoint}, model {settings.model}, timeout {settings.timeout}s")
    for path in files:
        cases = load_cases(path)
        timed = Timed(LlmAdvisor(rulebook, settings))
        with_model = evaluate(timed, cases, path.name)
        alone = evaluate(rulebook, cases, path.name)
        seconds = sorted(timed.seconds)
        p99 = seconds[min(len(seconds) - 1, round(0.99 * (len(seconds) - 1)))]
        stats = timed.inner.stats
        print(f"{path.name} ({len(cases)} questions)")
        print(f"  model mode     {summary(with_model)}")
        print(f"  rulebook alone {summary(alone)}")
        print(
            f"  routed {stats['routed']}, fell back {stats['fallback']} "
            f"(+{stats['resting']} while resting), cached {stats['cached']}; "
            f"p50 {statistics.median(seconds):.2f}s, p99 {p99:.2f}s per question"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
