"""Split the real questions once, by source page, into a tuning part and a frozen test part.

The real questions (verdicts taken from the answers on real advice pages) come in two files,
`questions-dev.tsv` and `questions-real-2.tsv`. Questions from one page share wording and
opinions, so the split is by page: the SHA-256 of the page's host and path (lowercased, without
``www.``, scheme, query or trailing slash) decides, and every question of a page lands on the
same side. Even first byte: tuning; odd: frozen. The procedure is fixed; the output is committed
as `tests/data/questions-real-tune.tsv` and `tests/data/questions-real-frozen.tsv`, and no rule,
example, weight or threshold is ever chosen by looking at the frozen part.

    .venv/bin/python bench/split_real_questions.py tests/data/questions-dev.tsv \
        tests/data/questions-real-2.tsv
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
HEADER = "question\texpected\tsource_url\tnote"


def page_key(url: str) -> str:
    """The page a question comes from: host without www plus path, lowercased."""
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return host + parts.path.rstrip("/")


def is_frozen(url: str) -> bool:
    """Which side of the split a page is on (stable across runs, machines and Pythons)."""
    return hashlib.sha256(page_key(url).encode("utf-8")).digest()[0] % 2 == 1


def split(files: list[Path]) -> tuple[list[str], list[str]]:
    tune: list[str] = []
    frozen: list[str] = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            columns = line.split("\t")
            if not line.strip() or columns[0].strip().lower() == "question":
                continue
            url = columns[2] if len(columns) > 2 else ""
            (frozen if is_frozen(url) else tune).append(line)
    return tune, frozen


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [
        DATA / "questions-dev.tsv",
        DATA / "questions-real-2.tsv",
    ]
    tune, frozen = split(files)
    for name, rows in (("questions-real-tune.tsv", tune), ("questions-real-frozen.tsv", frozen)):
        (DATA / name).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        print(f"{name}: {len(rows)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
