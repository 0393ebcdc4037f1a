"""Where the test data and the project's own files live, so no test counts parent folders."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RULES = ROOT / "rules"
DEPLOY = ROOT / "deploy"


def copy_rules(folder: Path) -> Path:
    """A copy of the shipped rules (data files only) in `folder`, to edit in a test."""
    target = folder / "rules"
    shutil.copytree(RULES, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target
