"""Reading `/interviewed ...`: a table of real-world inputs, the pitfalls, and arbitrary text."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.interviews import limits, when
from bot.interviews.when import InterviewDetails, ParseProblem, describe_time, parse_interview
from bot.interviews.when.tokens import clean_text

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)
"""A Sunday morning."""


def parse_ok(text: str, *, now: datetime = NOW, tz: ZoneInfo = BERLIN) -> InterviewDetails:
    result = parse_interview(text, now=now, tz=tz)
    assert isinstance(result, InterviewDetails), result
    return result


def parse_bad(text: str, *, now: datetime = NOW, tz: ZoneInfo = BERLIN) -> ParseProblem:
    result = parse_interview(text, now=now, tz=tz)
    assert isinstance(result, ParseProblem), result
    return result


# text, company, local time, interviewers, role, time assumed
UNDERSTOOD = [
    ("Acme yesterday 3pm with Dana Lee", "Acme", "2026-11-21 15:00", ("Dana Lee",), None, False),
    ("Globex today 2pm", "Globex", "2026-11-22 14:00", (), None, False),
    ("Umbrella Tue 10:30", "Umbrella", "2026-11-17 10:30", (), None, False),
    ("Hooli 2026-11-20 14:00", "Hooli", "2026-11-20 14:00", (), None, False),
    (
        "Acme Corp on 20/11 at 9am for Data Engineer with Dana Lee and Sam Park",
        "Acme Corp",
        "2026-11-20 09:00",
        ("Dana Lee", "Sam Park"),
        "Data Engineer",
        False,
    ),
    ('"May Mobility" yesterday 3pm', "May Mobility", "2026-11-21 15:00", (), None, False),
    ("May Mobility yesterday 3pm", "May Mobility", "2026-11-21 15:00", (), None, False),
    ("March Networks today 10am", "March Networks", "2026-11-22 10:00", (), None, False),
    ("Sun Life Tuesday 9:00", "Sun Life", "2026-11-17 09:00", (), None, False),
    ("Acme 2nd round yesterday 4pm", "Acme 2nd round", "2026-11-21 16:00", (), None, False),
    ("Acme tomorrow 10am", "Acme", "2026-11-23 10:00", (), None, False),
    ("Acme next tue 10:30", "Acme", "2026-11-24 10:30", (), None, False),
    ("Acme this friday 3pm", "Acme", "2026-11-20 15:00", (), None, False),
    ("Acme Sun 3pm", "Acme", "2026-11-22 15:00", (), None, False),
    ("Acme last sunday 3pm", "Acme", "2026-11-15 15:00", (), None, False),
    ("Acme Nov 20th 3pm", "Acme", "2026-11-20 15:00", (), None, False),
    ("Acme 20 November 2026 3 pm", "Acme", "2026-11-20 15:00", (), None, False),
    ("Acme the 20th of November at 3 p.m.", "Acme", "2026-11-20 15:00", (), None, False),
    ("Acme 3pm", "Acme", "2026-11-22 15:00", (), None, False),
    ("Acme 2 hours ago", "Acme", "2026-11-22 08:00", (), None, False),
    ("Acme yesterday afternoon at 2:15pm", "Acme", "2026-11-21 14:15", (), None, False),
    ("Acme yesterday noon", "Acme", "2026-11-21 12:00", (), None, False),
    ("Acme yesterday 12am", "Acme", "2026-11-21 00:00", (), None, False),
    ("Acme yesterday 15h30", "Acme", "2026-11-21 15:30", (), None, False),
    ("Acme 2026-11-20T09:45", "Acme", "2026-11-20 09:45", (), None, False),
    ("Acme 11/20 9am", "Acme", "2026-11-20 09:00", (), None, False),
    ("Acme 20.11.2026 14:00", "Acme", "2026-11-20 14:00", (), None, False),
    ("Acme Dec 2 10am", "Acme", "2026-12-02 10:00", (), None, False),
    ("Acme Jan 5 10am", "Acme", "2027-01-05 10:00", (), None, False),
    (
        "Acme yesterday 3pm for the Data Engineer role",
        "Acme",
        "2026-11-21 15:00",
        (),
        "Data Engineer",
        False,
    ),
    (
        "Acme yesterday 3pm as Data Engineer with Dana Lee, Sam Park & Lee Wu",
        "Acme",
        "2026-11-21 15:00",
        ("Dana Lee", "Sam Park", "Lee Wu"),
        "Data Engineer",
        False,
    ),
    ("Acme yesterday with Dana at 3pm", "Acme", "2026-11-21 15:00", ("Dana",), None, False),
    ("Acme with Dana Lee yesterday 3pm", "Acme", "2026-11-21 15:00", ("Dana Lee",), None, False),
    ("yesterday 3pm Acme with Dana", "Acme", "2026-11-21 15:00", ("Dana",), None, False),
    ("at Acme yesterday 3pm", "Acme", "2026-11-21 15:00", (), None, False),
    (
        "Bread for the World yesterday 3pm",
        "Bread for the World",
        "2026-11-21 15:00",
        (),
        None,
        False,
    ),
    ("7-11 yesterday 3pm", "7-11", "2026-11-21 15:00", (), None, False),
    ("Sun Life 9:00", "Sun Life", "2026-11-22 09:00", (), None, False),
    ("Acme yesterday 3pm Europe/London", "Acme", "2026-11-21 16:00", (), None, False),
    ("Acme yesterday 3pm ET", "Acme", "2026-11-21 21:00", (), None, False),
    ("Acme yesterday 3pm CET", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme   yesterday\t3pm\n", "Acme", "2026-11-21 15:00", (), None, False),
    # the echo typed back, ranges and other everyday forms
    ("Acme Sat 21 Nov 15:00", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme Tue, 17 Nov 2026 at 10:30", "Acme", "2026-11-17 10:30", (), None, False),
    ("Acme yesterday 3pm-4pm", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme yesterday 3-4pm", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme yesterday 15:00-16:00", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme yesterday from 3pm to 4pm", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme yesterday 3 to 4pm with Dana", "Acme", "2026-11-21 15:00", ("Dana",), None, False),
    ("Acme yesterday @ 3pm", "Acme", "2026-11-21 15:00", (), None, False),
    ("Acme yesterday 05:30", "Acme", "2026-11-21 05:30", (), None, False),
    ("Acme in 2 days 10am", "Acme", "2026-11-24 10:00", (), None, False),
    ("Acme the 20th 3pm", "Acme", "2026-11-20 15:00", (), None, False),
]


@pytest.mark.parametrize(
    ("text", "company", "local", "interviewers", "role", "assumed"),
    UNDERSTOOD,
    ids=[row[0] for row in UNDERSTOOD],
)
def test_understood(
    text: str,
    company: str,
    local: str,
    interviewers: tuple[str, ...],
    role: str | None,
    assumed: bool,
) -> None:
    details = parse_ok(text)
    assert details.company == company
    assert details.at.tzinfo == BERLIN
    assert details.at.strftime("%Y-%m-%d %H:%M") == local
    assert details.interviewers == interviewers
    assert details.role == role
    assert details.assumed_time is assumed


# text, field, words the message must contain
PROBLEMS = [
    ("Acme", "when", "couldn't find when"),
    ("Acme soon", "when", "vague"),
    ("Acme sometime last week", "when", "vague"),
    ("Acme 3", "when", "3pm"),
    ("Acme 0?", "when", "00:00"),
    ("Acme yesterday at 3", "when", "3am or 3pm"),
    ("Acme 05/11 9am", "when", "day/month or month/day"),
    ("Acme 13/13 10am", "when", "isn't a date"),
    ("Acme 31/02 10:00", "when", "31 Feb"),
    ("Acme 25:00", "when", "isn't a time of day"),
    ("Acme yesterday at 3:30", "when", "3:30am or 3:30pm"),
    ("Acme yesterday 3:00-4:00", "when", "3:00am or 3:00pm"),
    ("Acme yesterday 3 o'clock", "when", "3am or 3pm"),
    ("Acme Fri 21 Nov 15:00", "when", "is a Saturday, not a Friday"),
    ("Acme yesterday, round 2", "when", "time of day"),
    ("Acme yesterday 13pm", "when", "isn't a time of day"),
    ("Acme 2024-11-20 10:00", "when", "check the year"),
    ("Acme with Dana Lee", "when", "couldn't find when"),
    ("yesterday 3pm", "company", "Which company"),
    ("Tue 10:30", "company", "Which company"),
    ("", "company", "Which company"),
    ("   \n\t", "company", "Which company"),
    ("x" * 600, "text", "longer than"),
    ("A" * 150 + " yesterday 3pm", "company", "longer than"),
]


@pytest.mark.parametrize(("text", "field", "says"), PROBLEMS, ids=[p[0][:40] for p in PROBLEMS])
def test_problem(text: str, field: str, says: str) -> None:
    problem = parse_bad(text)
    assert problem.field == field
    assert says in problem.message
    assert problem.example.startswith("/interviewed ")


def test_problem_quotes_at_most_sixty_characters_of_the_input() -> None:
    text = "Acme " + "really " * 30 + "soon"
    problem = parse_bad(text)
    quoted = problem.message.split("“", 1)[1].split("”", 1)[0]
    assert len(quoted) <= 60
    assert quoted.endswith("…")


def test_understood_echoes_the_time_and_any_assumption() -> None:
    assert parse_ok("Acme yesterday 3pm").understood == "Sat 21 Nov 15:00 CET"
    assert "(15:00 Europe/London)" in parse_ok("Acme yesterday 3pm Europe/London").understood


def test_time_is_in_the_users_zone() -> None:
    details = parse_ok("Acme yesterday 3pm", now=NOW, tz=NEW_YORK)
    assert details.at.tzinfo == NEW_YORK
    assert (details.at.year, details.at.month, details.at.day) == (2026, 11, 21)
    assert details.at.hour == 15
    assert details.understood == "Sat 21 Nov 15:00 EST"


def test_today_is_the_users_today_not_the_servers() -> None:
    """At 02:00 UTC on Sunday it is still Saturday evening in New York."""
    now = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    assert parse_ok("Acme today 2pm", now=now, tz=NEW_YORK).at.day == 21


def test_weekday_alone_is_the_most_recent_including_today() -> None:
    tuesday = datetime(2026, 11, 17, 9, 0, tzinfo=BERLIN)
    assert parse_ok("Acme Tue 10:30", now=tuesday).at.day == 17
    assert parse_ok("Acme last Tue 10:30", now=tuesday).at.day == 10
    assert parse_ok("Acme next Tue 10:30", now=tuesday).at.day == 24


def test_skipped_local_time_moves_forward_and_repeated_takes_the_first() -> None:
    skipped = parse_ok("Acme 2026-03-29 02:30", now=datetime(2026, 3, 30, tzinfo=BERLIN))
    assert (skipped.at.hour, skipped.at.minute, skipped.at.tzname()) == (3, 30, "CEST")
    repeated = parse_ok("Acme 2026-10-25 02:30", now=datetime(2026, 10, 26, tzinfo=BERLIN))
    assert (repeated.at.hour, repeated.at.tzname()) == (2, "CEST")


def test_structured_fields_win_over_the_text() -> None:
    details = parse_interview(
        "Globex tomorrow 9am with Someone",
        now=NOW,
        tz=BERLIN,
        fields={"company": "Acme", "when": "yesterday 3pm", "interviewer": "Dana Lee and Sam Park"},
    )
    assert isinstance(details, InterviewDetails)
    assert details.company == "Acme"
    assert details.at.strftime("%Y-%m-%d %H:%M") == "2026-11-21 15:00"
    assert details.interviewers == ("Dana Lee", "Sam Park")


def test_fields_when_with_company_from_the_text() -> None:
    details = parse_interview(
        "May Mobility with Dana", now=NOW, tz=BERLIN, fields={"when": "Tue 10:30", "role": "SRE"}
    )
    assert isinstance(details, InterviewDetails)
    assert (details.company, details.interviewers, details.role) == (
        "May Mobility",
        ("Dana",),
        "SRE",
    )
    assert details.at.day == 17


def test_fields_with_a_bad_time_name_the_problem() -> None:
    problem = parse_interview("", now=NOW, tz=BERLIN, fields={"company": "Acme", "when": "soon"})
    assert isinstance(problem, ParseProblem)
    assert problem.field == "when"


def test_mentions_stay_plain_text_and_are_not_interpreted() -> None:
    details = parse_ok("<!channel> @everyone yesterday 3pm with <@U123>")
    assert details.company == "<!channel> @everyone"
    assert details.interviewers == ("<@U123>",)


def test_control_characters_are_not_kept() -> None:
    details = parse_ok("Ac\x00me\u200b yesterday\x1b 3pm")
    assert "\x00" not in details.company
    assert "\u200b" not in details.company
    assert details.at.hour == 15


def test_describe_time() -> None:
    assert describe_time(datetime(2026, 11, 21, 15, 0, tzinfo=BERLIN)) == "Sat 21 Nov 15:00 CET"
    assert describe_time(datetime(2026, 7, 1, 9, 5, tzinfo=BERLIN)) == "Wed 1 Jul 09:05 CEST"


def test_describe_time_names_days_and_months_as_strftime_does() -> None:
    """The names come from tables; they are strftime's, for every weekday, month and zone."""
    for offset in range(0, 400, 3):
        for zone in (BERLIN, ZoneInfo("America/New_York"), UTC, ZoneInfo("Asia/Kolkata")):
            at = datetime(2026, 1, 1, 0, 7, tzinfo=UTC) + timedelta(days=offset, hours=offset)
            local = at.astimezone(zone)
            expected = f"{local:%a} {local.day} {local:%b} {local:%H:%M} {local.tzname() or ''}"
            assert describe_time(local) == expected.rstrip()


@given(st.text(max_size=80) | st.text(alphabet=" abc\t\n\x7f\x1f", max_size=20))
@settings(max_examples=300, deadline=None)
def test_clean_text_is_the_same_with_and_without_its_ascii_shortcut(text: str) -> None:
    slow = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    assert clean_text(text) == " ".join(slow.split())


def test_warm_up_runs() -> None:
    when.warm_up()


ARBITRARY_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "Acme",
                " ",
                "yesterday",
                "3pm",
                "at",
                "3",
                "with",
                "and",
                "for",
                "as",
                "the",
                "on",
                "20/11",
                "05/11",
                "2026-11-20",
                "14:00",
                "May",
                "Sun",
                "Tue",
                "last",
                "next",
                "this",
                "ago",
                "days",
                "hours",
                "a",
                "of",
                "Nov",
                "20th",
                ",",
                '"',
                "“",
                "Europe/Paris",
                "CET",
                "Mars/Base",
                "../x",
                "<!channel>",
                "@everyone",
                "😀",
                "\x00",
                "\u202e",
                "noon",
                "morning",
                "tonight",
                "99",
                "0",
                "1999-02-31",
                "0?",
                "3pm!",
                "9.30am",
                "12h",
                "-",
                "w/",
            ]
        ),
        max_size=12,
    ).map(" ".join),
    st.builds(lambda s: s * 5000, st.sampled_from(["a", " ", "3pm ", "😀"])),
)


@settings(max_examples=300, deadline=None)
@given(text=ARBITRARY_TEXT, tz=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("UTC")]))
def test_any_text_gives_details_or_a_problem_without_raising(text: str, tz: ZoneInfo) -> None:
    # The inner parser has no safety net, so a bug shows up here as an exception.
    result = when._parse(text, now=NOW, tz=tz, fields=None)
    assert isinstance(result, InterviewDetails | ParseProblem)
    if isinstance(result, InterviewDetails):
        assert result.company
        assert result.at.tzinfo == tz
        assert len(result.company) <= limits.COMPANY_MAX
    else:
        assert result.field in ("company", "when", "text")
        assert result.message


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(max_size=80),
    fields=st.dictionaries(
        st.sampled_from(["company", "when", "interviewer", "role"]), st.text(max_size=60)
    ),
)
def test_any_fields_give_details_or_a_problem(text: str, fields: dict[str, str]) -> None:
    result = when._parse(text, now=NOW, tz=BERLIN, fields=fields)
    assert isinstance(result, InterviewDetails | ParseProblem)


# -- decision dates ("they'll decide by Friday") --------------------------------------------

FRIDAY_MORNING = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)
FRIDAY_EVENING = datetime(2026, 11, 20, 18, 0, tzinfo=BERLIN)

DECISIONS = [
    (FRIDAY_MORNING, "Friday", "2026-11-20 17:00"),
    (FRIDAY_EVENING, "Friday", "2026-11-27 17:00"),
    (FRIDAY_MORNING, "by friday", "2026-11-20 17:00"),
    (FRIDAY_MORNING, "they'll decide by Friday.", "2026-11-20 17:00"),
    (FRIDAY_MORNING, "next Friday", "2026-11-27 17:00"),
    (FRIDAY_MORNING, "Mon", "2026-11-23 17:00"),
    (FRIDAY_MORNING, "tomorrow", "2026-11-21 17:00"),
    (FRIDAY_MORNING, "next week", "2026-11-27 17:00"),
    (FRIDAY_MORNING, "end of the week", "2026-11-20 17:00"),
    (FRIDAY_MORNING, "in 2 weeks", "2026-12-04 17:00"),
    (FRIDAY_MORNING, "in 3 days", "2026-11-23 17:00"),
    (FRIDAY_MORNING, "Dec 4", "2026-12-04 17:00"),
    (FRIDAY_MORNING, "Jan 10", "2027-01-10 17:00"),
    (FRIDAY_MORNING, "the 30th", "2026-11-30 17:00"),
    (FRIDAY_MORNING, "the 5th", "2026-12-05 17:00"),
    (FRIDAY_MORNING, "2026-12-04", "2026-12-04 17:00"),
    (FRIDAY_MORNING, "next Tue 2pm", "2026-11-24 14:00"),
]


@pytest.mark.parametrize(("now", "text", "local"), DECISIONS, ids=[d[1] for d in DECISIONS])
def test_decision_date(now: datetime, text: str, local: str) -> None:
    result = when.parse_decision_date(text, now=now, tz=BERLIN)
    assert isinstance(result, datetime), result
    assert result.tzinfo == BERLIN
    assert result.strftime("%Y-%m-%d %H:%M") == local


DECISION_PROBLEMS = [
    (FRIDAY_MORNING, "", "By when"),
    (FRIDAY_MORNING, "soon", "couldn't find a date"),
    (FRIDAY_MORNING, "3", "couldn't find a date"),
    (FRIDAY_MORNING, "May", "couldn't find a date"),
    (FRIDAY_MORNING, "4/12", "day/month or month/day"),
    (FRIDAY_MORNING, "yesterday", "already passed"),
    (FRIDAY_EVENING, "this week", "already passed"),
    (FRIDAY_MORNING, "2028-01-01", "more than a year"),
]


@pytest.mark.parametrize(
    ("now", "text", "says"), DECISION_PROBLEMS, ids=[d[1] or "empty" for d in DECISION_PROBLEMS]
)
def test_decision_date_problem(now: datetime, text: str, says: str) -> None:
    problem = when.parse_decision_date(text, now=now, tz=BERLIN)
    assert isinstance(problem, ParseProblem), problem
    assert says in problem.message
    assert problem.example == when.DECISION_EXAMPLE


@settings(max_examples=200, deadline=None)
@given(text=ARBITRARY_TEXT)
def test_any_decision_text_gives_a_future_date_or_a_problem(text: str) -> None:
    result = when._parse_decision(text, now=NOW, tz=BERLIN)
    if isinstance(result, datetime):
        assert result > NOW
    else:
        assert isinstance(result, ParseProblem)
        assert result.message


def test_an_internal_failure_becomes_a_friendly_problem(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(when, "_parse", broken)
    monkeypatch.setattr(when, "_parse_decision", broken)
    problem = parse_interview("Acme yesterday 3pm", now=NOW, tz=BERLIN)
    assert isinstance(problem, ParseProblem)
    assert problem.field == "text"
    assert "couldn't read" in problem.message
    decision = when.parse_decision_date("Friday", now=NOW, tz=BERLIN)
    assert isinstance(decision, ParseProblem)
    assert [r.levelname for r in caplog.records] == ["ERROR", "ERROR"]
