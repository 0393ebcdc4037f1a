"""Turning a time expression into a moment, against "now" and the user's zone.

The stated choices (which Tuesday, which year, what a skipped or repeated wall-clock time
means) are made here and nowhere else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.interviews.when.grammar import _Expr
from bot.interviews.when.tokens import MONTH_NAMES, WEEKDAY_NAMES


def _resolve_day(spec: tuple[object, ...], today: date, *, future: bool = False) -> date | str:
    """A day spec against today. ``future``: a weekday alone or a date without a year means the
    coming one (today included), as in "they'll decide by Friday"."""
    kind = spec[0]
    if kind == "rel":
        assert isinstance(spec[1], int)
        return today + timedelta(days=spec[1])
    if kind == "weekday":
        mode, weekday = spec[1], spec[2]
        assert isinstance(weekday, int)
        if mode == "recent" and future:
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        if mode == "recent":
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        if mode == "last":
            return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
        if mode == "next":
            return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        return today + timedelta(days=weekday - today.weekday())
    if kind == "month_day":
        assert isinstance(spec[1], int)
        return _nearest(_month_day_options(today, spec[1]), today, future) or f"the {spec[1]}th"
    year, month, day = spec[1], spec[2], spec[3]
    assert isinstance(month, int)
    assert isinstance(day, int)
    if isinstance(year, int):
        try:
            return date(year, month, day)
        except ValueError:
            return f"{day} {MONTH_NAMES[month - 1] if 1 <= month <= 12 else month} {year}"
    options: list[date] = []
    for candidate_year in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(date(candidate_year, month, day))
        except ValueError:
            continue
    found = _nearest(options, today, future)
    return found or f"{day} {MONTH_NAMES[month - 1] if 1 <= month <= 12 else month}"


def _month_day_options(today: date, day: int) -> list[date]:
    options: list[date] = []
    for shift in (-1, 0, 1):
        year, month = divmod(today.year * 12 + today.month - 1 + shift, 12)
        try:
            options.append(date(year, month + 1, day))
        except ValueError:
            continue
    return options


def _nearest(options: list[date], today: date, future: bool) -> date | None:
    """The option closest to today, or with ``future`` the first one from today on."""
    if not options:
        return None
    if future:
        return min((d for d in options if d >= today), default=max(options))
    return min(options, key=lambda d: abs((d - today).days))


def _localize(wall: datetime, zone: tzinfo) -> datetime:
    """Attach a zone to a wall-clock time; a skipped time moves forward, a repeated one takes
    its first occurrence."""
    aware = wall.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone)


def _resolve(
    expr: _Expr,
    now: datetime,
    tz: ZoneInfo,
    *,
    future: bool = False,
    default: tuple[int, int] = (12, 0),
) -> tuple[datetime, bool] | str:
    """The moment in the user's zone and whether its time was assumed, or a problem."""
    zone = expr.zone or tz
    if expr.ago is not None:
        return (now - expr.ago).astimezone(tz), False
    local_now = now.astimezone(zone)
    day: date | str = local_now.date()
    if expr.day is not None:
        day = _resolve_day(expr.day, local_now.date(), future=future)
    if isinstance(day, str):
        return f"{day} isn't a date I can find on the calendar."
    if expr.weekday_said is not None and day.weekday() != expr.weekday_said:
        return (
            f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year} is a {day:%A}, not a "
            f"{WEEKDAY_NAMES[expr.weekday_said]}. Which did you mean?"
        )
    assumed = expr.clock is None
    hour, minute = expr.clock or expr.assumed or default
    at = _localize(datetime(day.year, day.month, day.day, hour, minute), zone).astimezone(tz)
    return at, assumed
