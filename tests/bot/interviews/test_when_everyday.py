"""Times and names as people really type them: company names that start with a weekday, pm
after a space, zones named in the text, a day without a time, and the short forms."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.interviews import when
from bot.interviews.when import InterviewDetails, ParseProblem, parse_interview

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)
"""A Sunday morning."""


def parse(text: str, tz: ZoneInfo = BERLIN, now: datetime = NOW) -> InterviewDetails | ParseProblem:
    return parse_interview(text, now=now, tz=tz)


# text, user's zone, company, local time in the user's zone
READ = [
    ("Sun Life yesterday 3pm", BERLIN, "Sun Life", "2026-11-21 15:00"),
    ("Friday Health yesterday 3pm", BERLIN, "Friday Health", "2026-11-21 15:00"),
    ("Monday.com yesterday 3pm", BERLIN, "Monday.com", "2026-11-21 15:00"),
    ("May Mobility yesterday 3pm", BERLIN, "May Mobility", "2026-11-21 15:00"),
    ("Acme yesterday 3:00 pm", BERLIN, "Acme", "2026-11-21 15:00"),
    ("Acme Nov 30 at 3:00 PM", BERLIN, "Acme", "2026-11-30 15:00"),
    ("Acme yesterday 3.30 P.M.", BERLIN, "Acme", "2026-11-21 15:30"),
    ("Acme yesterday 3pm Paris time", NEW_YORK, "Acme", "2026-11-21 09:00"),
    ("Acme yesterday 3pm paris", NEW_YORK, "Acme", "2026-11-21 09:00"),
    ("Acme yesterday 3pm New York time", BERLIN, "Acme", "2026-11-21 21:00"),
    ("Acme yesterday 3pm in San Francisco", BERLIN, "Acme", "2026-11-22 00:00"),
    ("Acme yesterday 3pm europe/london", BERLIN, "Acme", "2026-11-21 16:00"),
    ("Acme yesterday 3pm AMERICA/NEW_YORK", BERLIN, "Acme", "2026-11-21 21:00"),
    ("Acme yesterday 3pm EST", BERLIN, "Acme", "2026-11-21 21:00"),
    ("Acme yesterday 3pm PST", BERLIN, "Acme", "2026-11-22 00:00"),
    ("Acme yesterday 3pm CET", NEW_YORK, "Acme", "2026-11-21 09:00"),
    ("Acme now", BERLIN, "Acme", "2026-11-22 10:00"),
    ("Acme just now", BERLIN, "Acme", "2026-11-22 10:00"),
    ("Acme 15h", BERLIN, "Acme", "2026-11-22 15:00"),
    ("Acme yesterday 9h", BERLIN, "Acme", "2026-11-21 09:00"),
    ("Acme 14.30", BERLIN, "Acme", "2026-11-22 14:30"),
    ("Acme yesterday 9.30", BERLIN, "Acme", "2026-11-21 09:30"),
    ("Acme 20.11 14:00", BERLIN, "Acme", "2026-11-20 14:00"),
    ("Acme 30 minutes ago", BERLIN, "Acme", "2026-11-22 09:30"),
    ("Acme 90m ago", BERLIN, "Acme", "2026-11-22 08:30"),
    ("Acme 90m", BERLIN, "Acme", "2026-11-22 08:30"),
    ("Acme 2h ago", BERLIN, "Acme", "2026-11-22 08:00"),
    ("Acme monday 10:00", BERLIN, "Acme", "2026-11-16 10:00"),
    ("Acme earlier today 09:00", BERLIN, "Acme", "2026-11-22 09:00"),
]


@pytest.mark.parametrize(("text", "tz", "company", "local"), READ, ids=[r[0] for r in READ])
def test_read(text: str, tz: ZoneInfo, company: str, local: str) -> None:
    result = parse(text, tz)
    assert isinstance(result, InterviewDetails), result
    assert result.company == company
    assert result.at.tzinfo == tz
    assert result.at.strftime("%Y-%m-%d %H:%M") == local


# text, words the question must contain
ASKED = [
    ("Sun Life", "couldn't find when"),
    ("Acme 3pm IST", "Asia/Kolkata"),
    ("Acme 3pm Pariss time", "Did you mean Europe/Paris?"),
    ("Acme 3pm Europe/Pariss", "Did you mean Europe/Paris?"),
    ("Acme 9.30", "a time or a date"),
    ("Acme 3h", "3:00am or 3:00pm"),
]


@pytest.mark.parametrize(("text", "says"), ASKED, ids=[a[0] for a in ASKED])
def test_asked(text: str, says: str) -> None:
    result = parse(text)
    assert isinstance(result, ParseProblem), result
    assert says in result.message


def test_sun_life_alone_keeps_its_whole_name_in_the_question() -> None:
    result = parse("Sun Life")
    assert isinstance(result, ParseProblem)
    assert result.field == "when"
    assert "“Sun Life”" in result.message


# text, the day asked about, the times offered
DAY_WITHOUT_TIME = [
    ("Acme yesterday", "Sat 21 Nov", ("10:00", "14:00", "16:00")),
    ("Acme this morning", "today", ("09:00", "10:00", "11:00")),
    ("Acme tonight", "today", ("18:00", "19:00", "20:00")),
    ("Acme last night", "Sat 21 Nov", ("18:00", "19:00", "20:00")),
    ("Acme yesterday afternoon", "Sat 21 Nov", ("14:00", "15:00", "16:00")),
    ("Acme earlier today", "today", ("10:00",)),
    ("Acme monday", "Mon 16 Nov", ("10:00", "14:00", "16:00")),
    ("Initech last friday", "Fri 20 Nov", ("10:00", "14:00", "16:00")),
    ("Acme 3 days ago", "Thu 19 Nov", ("10:00", "14:00", "16:00")),
]


@pytest.mark.parametrize(
    ("text", "day", "offered"), DAY_WITHOUT_TIME, ids=[d[0] for d in DAY_WITHOUT_TIME]
)
def test_a_day_without_a_time_is_asked_with_likely_times(
    text: str, day: str, offered: tuple[str, ...]
) -> None:
    result = parse(text)
    assert isinstance(result, ParseProblem), result
    assert result.field == "when"
    assert day in result.message
    assert tuple(label for label, _ in result.choices) == offered
    for label, line in result.choices:
        picked = parse(line)
        assert isinstance(picked, InterviewDetails), (line, picked)
        assert picked.company == text.split()[0]
        assert f"{picked.at:%H:%M}" == label


def test_earlier_today_offers_only_times_before_now_and_keeps_the_company() -> None:
    afternoon = NOW.replace(hour=17)
    result = parse("Acme earlier today with Dana", now=afternoon)
    assert isinstance(result, ParseProblem)
    assert [label for label, _ in result.choices] == ["10:00", "14:00", "16:00"]
    picked = parse(result.choices[0][1], now=afternoon)
    assert isinstance(picked, InterviewDetails)
    assert (picked.company, picked.interviewers) == ("Acme", ("Dana",))


def test_a_quoted_company_stays_quoted_in_the_choices() -> None:
    result = parse('"Sun Life" yesterday')
    assert isinstance(result, ParseProblem)
    picked = parse(result.choices[0][1])
    assert isinstance(picked, InterviewDetails)
    assert picked.company == "Sun Life"


def test_a_time_in_a_separate_field_is_asked_without_choices() -> None:
    result = parse_interview(
        "", now=NOW, tz=BERLIN, fields={"company": "Acme", "when": "yesterday"}
    )
    assert isinstance(result, ParseProblem)
    assert result.choices == ()


def test_readings_that_could_be_wrong_are_stated() -> None:
    est = parse("Acme yesterday 3pm EST")
    assert isinstance(est, InterviewDetails)
    assert est.assumed == ("I read “EST” as US Eastern Standard Time, UTC-5.",)
    city = parse("Acme yesterday 3pm Paris time", NEW_YORK)
    assert isinstance(city, InterviewDetails)
    assert city.assumed == ("I read “Paris” as the Europe/Paris timezone.",)
    bare = parse("Acme 90m")
    assert isinstance(bare, InterviewDetails)
    assert bare.assumed == ("I read “90m” as 90 minutes ago.",)
    exact = parse("Acme yesterday 3pm Europe/Paris")
    assert isinstance(exact, InterviewDetails)
    assert exact.assumed == ()


def test_a_city_before_the_time_is_part_of_the_company() -> None:
    result = parse("Boston Consulting yesterday 3pm")
    assert isinstance(result, InterviewDetails)
    assert (result.company, f"{result.at:%H:%M}") == ("Boston Consulting", "15:00")


DAYS = st.sampled_from(["", "yesterday ", "today ", "Tue ", "Nov 20 ", "last friday ", "20/11 "])


@settings(max_examples=200, deadline=None)
@given(
    day=DAYS,
    hour=st.integers(1, 12),
    minute=st.one_of(st.none(), st.integers(0, 59)),
    spacing=st.sampled_from(["", " "]),
    pm=st.sampled_from(["pm", "PM", "p.m.", "P.M."]),
)
def test_an_explicit_pm_is_never_asked_about(
    day: str, hour: int, minute: int | None, spacing: str, pm: str
) -> None:
    clock = f"{hour}" if minute is None else f"{hour}:{minute:02d}"
    result = parse(f"Acme {day}{clock}{spacing}{pm}")
    assert isinstance(result, InterviewDetails), result
    assert result.at.hour == (12 if hour == 12 else hour + 12)


WORDS = st.sampled_from(
    ["Acme", "Sun", "Life", "yesterday", "now", "earlier", "today", "tonight", "3:00", "pm",
     "15h", "14.30", "9.30", "90m", "2h", "ago", "in", "Paris", "time", "New", "York", "EST",
     "IST", "europe/paris", "Europe/Pariss", "monday", "9999", "days", "weeks", "with", "Dana"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS, max_size=10), tz=st.sampled_from([BERLIN, NEW_YORK]))
def test_never_crashes_and_never_more_than_a_year_away(words: list[str], tz: ZoneInfo) -> None:
    result = when._parse(" ".join(words), now=NOW, tz=tz, fields=None)
    if isinstance(result, InterviewDetails):
        assert abs(result.at - NOW) <= timedelta(days=366)
        assert result.at.tzinfo == tz
    else:
        assert result.message
        for _label, line in result.choices:
            assert isinstance(when._parse(line, now=NOW, tz=tz, fields=None), InterviewDetails)
