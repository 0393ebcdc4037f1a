"""The one error type for every data file under `rules/` (advice, nudge plan)."""

from __future__ import annotations


class RulebookError(Exception):
    """A rules file is wrong. `problems` lists each one as ``FILE: rule ID: field F: what``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(f"{head} in the rulebook:\n" + "\n".join(f"  - {p}" for p in problems))
