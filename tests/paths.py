"""Where the test data and the project's own files live, so no test counts parent folders."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RULES = ROOT / "rules"
DEPLOY = ROOT / "deploy"
