"""The first-sight record: how each rule answered blind batches before anything was tuned on them.

A batch written blind of the rulebook is answered once, right after it is split and before any
rule is chosen on it. Those answers of its learning half are the honest record of how a rule
reads wording nobody tuned it on; `record` appends them to `tests/data/first-sight.tsv` (the
kept-back halves are never recorded, so they stay a test of anything learnt from it). Batches 5
to 16 were recorded with the rulebook of the commit that added each (the `commit` column).

`report` prints, per rule and verdict, how often its confident ok or avoid was the wrong way
round (ok against avoid) at first sight, best first for an editor looking for the rules to read
more carefully, and a leave-one-batch-out study of holding such verdicts back as "it depends".

    .venv/bin/python bench/first_sight.py record tests/data/questions-unseen-18.tsv
    .venv/bin/python bench/first_sight.py report
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.advice.advisor import Advisor  # noqa: E402
from bot.advice.evaluation import load_cases  # noqa: E402
from bot.core.messages import Verdict  # noqa: E402

RECORD = ROOT / "tests" / "data" / "first-sight.tsv"
JUDGED = (Verdict.OK, Verdict.AVOID)
STRENGTHS = (1.0, 2.0, 4.0, 8.0)
RISKS = (0.15, 0.20, 0.25, 0.30)

Row = dict[str, str]
Key = tuple[str, str]


def read_record(path: Path = RECORD) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def accepted(row: Row) -> set[str]:
    return {part.strip() for part in row["expected"].split("|") if part.strip()}


def flipped(row: Row) -> bool:
    """A confident ok where avoid was right, or the reverse."""
    opposite = {"ok": "avoid", "avoid": "ok"}.get(row["answered"])
    return opposite is not None and opposite in accepted(row)


def counts(rows: Sequence[Row]) -> dict[Key, list[int]]:
    """Per (rule, verdict): confident answers, and how many of them flipped."""
    found: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row["answered"] in ("ok", "avoid"):
            count = found[(row["rule"], row["answered"])]
            count[0] += 1
            count[1] += flipped(row)
    return found


def risk(count: Sequence[int], prior: float, strength: float) -> float:
    """The flip rate, pulled towards the overall one by how few answers it rests on."""
    return (count[1] + strength * prior) / (count[0] + strength)


def record(path: Path) -> int:
    batch = path.stem.removeprefix("questions-")
    if not batch.startswith("unseen-"):
        print("only learning halves are recorded: the kept-back ones stay a test")
        return 1
    if any(row["batch"] == batch for row in read_record()):
        print(f"{batch} is already recorded: its first sight was its first measurement")
        return 1
    advisor = Advisor.from_dir()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    with RECORD.open("a", encoding="utf-8", newline="") as handle:
        for case in load_cases(path):
            advice = advisor.advise(case.question)
            expected = "|".join(v.value for v in (case.expected, case.also) if v is not None)
            cells = (batch, commit, case.question, expected, advice.verdict.value)
            handle.write("\t".join((*cells, advice.rule_id or "")) + "\n")
    print(f"recorded {batch} at {commit}")
    return 0


def report() -> int:
    rows = read_record()
    confident = [row for row in rows if row["answered"] in ("ok", "avoid")]
    flips = sum(flipped(row) for row in confident)
    prior = flips / len(confident)
    print(
        f"{len(rows)} first-sight answers in {len({r['batch'] for r in rows})} batches; "
        f"{len(confident)} confident, {flips} the wrong way round ({prior:.1%})\n"
    )
    print("rule and verdict                                answered  flipped  estimate (2)")
    table = counts(rows)
    ranked = sorted(table.items(), key=lambda item: -risk(item[1], prior, 2.0))
    for (rule_id, verdict), count in ranked[:20]:
        estimate = risk(count, prior, 2.0)
        print(f"{rule_id + ' ' + verdict:<48}{count[0]:>8}{count[1]:>9}{estimate:>13.2f}")
    print("\nholding back a verdict whose estimate reaches the risk, one batch left out at a time:")
    batches = sorted({row["batch"] for row in rows})
    for strength in STRENGTHS:
        for limit in RISKS:
            held = caught = lost = gained = 0
            for batch in batches:
                rest = [row for row in confident if row["batch"] != batch]
                rest_prior = sum(flipped(row) for row in rest) / len(rest)
                known = counts(rest)
                for row in confident:
                    key = (row["rule"], row["answered"])
                    if row["batch"] != batch:
                        continue
                    if risk(known.get(key, [0, 0]), rest_prior, strength) < limit:
                        continue
                    right, caution = row["answered"] in accepted(row), "caution" in accepted(row)
                    held += 1
                    caught += flipped(row)
                    lost += right and not caution
                    gained += not right and caution
            print(
                f"  strength {strength:>3.0f}, risk {limit:.2f}: {held:>3} held back, "
                f"{caught:>2} flips caught, {lost:>3} right answers lost, {gained:>3} gained"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("record", help="answer a new learning half and record it")
    add.add_argument("file", type=Path)
    commands.add_parser("report", help="per-rule first-sight flip rates, and the study")
    args = parser.parse_args(argv)
    return record(args.file) if args.command == "record" else report()


if __name__ == "__main__":
    raise SystemExit(main())
