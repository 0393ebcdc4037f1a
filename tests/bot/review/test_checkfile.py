"""Loading the review checks: read once while the files are unchanged, afresh once edited."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.review.checkfile import load_review_rules, review_dir


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "review"
    shutil.copytree(review_dir(), target)
    return target


def test_unchanged_files_are_read_once(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    assert load_review_rules(folder) is load_review_rules(folder)


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    first = load_review_rules(folder)
    tone = folder / "tone.yaml"
    text = tone.read_text(encoding="utf-8")
    check = next(iter(first.checks))
    tone.write_text(text + "\n", encoding="utf-8")
    stat = tone.stat()
    os.utime(tone, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again = load_review_rules(folder)
    assert again is not first
    assert check in again.checks


def test_the_rules_checks_may_cite_are_part_of_what_was_loaded(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    cited = load_review_rules(folder).rules_cited()
    assert load_review_rules(folder, known_rules=cited) is not load_review_rules(folder)
