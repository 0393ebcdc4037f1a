"""`afterview rules check` for `rules/review/`: the checks load, cite real rules, and every
draft passes the reviewer with no findings (a draft that its own reviewer faults is a bug in
the wording, caught here rather than in front of a user)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.review.checkfile import load_review_rules
from bot.review.drafts import write_drafts
from bot.review.reviewer import Reviewer
from bot.review.values import NoteContext
from bot.rulefiles import RulebookError

SAMPLE_COMPANY = "Northwind Logistics"
SAMPLE_PEOPLE = ("Dana Lee", "Sam Roe")
SAMPLE_ROLE = "Data Analyst"
SAMPLE_TOPICS = ("the route-planning dashboard", "the Leeds depot")
"""A registered interview to write the drafts for: two interviewers, a role, and topics."""


def check_review_rules(directory: Path, known_rules: Iterable[str] | None) -> str:
    """A one-line summary of `directory`; raises `RulebookError` with every problem found."""
    rules = load_review_rules(directory, known_rules=known_rules)
    reviewer = Reviewer(rules)
    problems: list[str] = []
    written = 0
    for kind, spec in sorted(rules.drafts.items()):
        for topics in ((), SAMPLE_TOPICS):
            context = NoteContext(kind, SAMPLE_COMPANY, SAMPLE_PEOPLE, SAMPLE_ROLE, topics)
            for draft in write_drafts(spec, SAMPLE_COMPANY, SAMPLE_PEOPLE, SAMPLE_ROLE, topics):
                written += 1
                for finding in reviewer.review(draft.text, context).findings:
                    with_topics = " (with topics)" if topics else ""
                    problems.append(
                        f"{directory.name}: draft {kind}{with_topics}: the reviewer finds "
                        f"{finding.check} in {finding.excerpt!r}"
                    )
    if problems:
        raise RulebookError(problems)
    return f"{len(rules.checks)} review checks, {written} drafts that pass them"
