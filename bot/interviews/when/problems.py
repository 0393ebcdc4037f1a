"""The questions asked back when no company or no usable time was found.

Messages quote the user's own words, shortened, so the problem is recognisable at a glance.
"""

from __future__ import annotations

from bot.interviews.when.tokens import NUMBER, VAGUE, Token
from bot.interviews.when.values import ParseProblem


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _problem_company(line: str) -> ParseProblem:
    return ParseProblem(
        "company",
        "Which company was the interview with? Start with its name, then when it was"
        + (f" (I read {_quote(line)})." if line else "."),
    )


def _problem_when(line: str, tokens: list[Token]) -> ParseProblem:
    norms = {t.norm for t in tokens}
    bare = next((t.norm for t in tokens if NUMBER.match(t.norm) and len(t.norm) <= 2), None)
    if bare is not None:
        message = (
            f"Is “{bare}” a time? Write {bare}pm, {bare}am or {int(bare):02d}:00, with the day "
            "(today, yesterday, Tue...)."
        )
    elif norms & VAGUE:
        message = (
            f"{_quote(line)} is a bit vague for me: which day and what time was the interview?"
        )
    else:
        message = (
            f"I couldn't find when the interview was in {_quote(line)}. Add the day and time, "
            "such as “yesterday 3pm”, “Tue 10:30” or “2026-11-20 14:00”."
        )
    return ParseProblem("when", message)
