"""Strict readers for the interview commands' arguments and button values."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.interviews.args import (
    OutcomeArgs,
    new_interview,
    outcome_args,
    outcome_fields,
    parse_id,
    parse_span,
)
from bot.interviews.limits import COMPANY_MAX, NAME_MAX
from bot.interviews.limits import ID_MAX as MAX_ID
from bot.interviews.when import InterviewDetails

AT = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("#12", 12), (" 7 ", 7), ("0", None), ("-3", None), ("12a", None),
     ("", None), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("99999999999", None)],
)  # fmt: skip
def test_parse_id(text: str, expected: int | None) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        ("offer", OutcomeArgs(None, "offer", None)),
        ("12 rejected", OutcomeArgs(12, "rejected", None)),
        ("#3 I withdrew.", OutcomeArgs(3, "withdrawn", None)),
        ("pending by Friday", OutcomeArgs(None, "pending", "Friday")),
        ("4 they said they'll decide by 4 Dec", OutcomeArgs(4, "pending", "4 Dec")),
        ("by next Tuesday", OutcomeArgs(None, "pending", "next Tuesday")),
        ("it went fine", OutcomeArgs(None, None, None)),
        ("", OutcomeArgs(None, None, None)),
    ],
)
def test_outcome_args(rest: str, expected: OutcomeArgs) -> None:
    assert outcome_args(rest) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("22:00-07:30", (time(22), time(7, 30))), ("22 to 7", (time(22), time(7))),
     ("21.30 – 8", (time(21, 30), time(8))), ("9-9", None), ("25:00-07:00", None),
     ("evening", None), ("", None)],
)  # fmt: skip
def test_parse_span(text: str, expected: tuple[time, time] | None) -> None:
    assert parse_span(text) == expected


def test_new_interview_tidies_and_cuts_to_stored_lengths() -> None:
    parsed = InterviewDetails(
        company="  Acme \t Corp " + "x" * 200,
        at=AT,
        interviewers=("Dana   Lee", "", "N" * 100),
        role="  Data   Engineer ",
        understood="Sat 21 Nov 15:00 UTC",
    )
    result = new_interview(parsed)
    assert result is not None
    interview, notes = result
    assert interview.company.startswith("Acme Corp x")
    assert len(interview.company) <= COMPANY_MAX
    assert interview.interviewers == ("Dana Lee", "N" * NAME_MAX)
    assert interview.role == "Data Engineer"
    assert interview.at == AT
    assert len(notes) == 2


def test_new_interview_without_a_company_is_none() -> None:
    parsed = InterviewDetails(company="  ", at=AT, interviewers=(), role=None, understood="")
    assert new_interview(parsed) is None


def test_outcome_from_typed_options_reads_the_same_as_the_line() -> None:
    assert outcome_fields({"result": "offer"}) == outcome_args("offer")
    assert outcome_fields({"result": "rejected", "interview": "12"}) == outcome_args("12 rejected")
    assert outcome_fields({"result": "pending", "by": "Friday"}) == outcome_args(
        "pending by Friday"
    )
    assert outcome_fields({"by": "Friday"}).outcome == "pending"
    assert outcome_fields({"result": "maybe"}).outcome is None
    assert outcome_fields({"result": "offer", "interview": "x"}).interview_id is None
