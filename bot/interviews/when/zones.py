"""Zone names as people write them: IANA names in any case, city names, abbreviations.

The one home for zone words. Abbreviations mean what they usually mean (EST is UTC-5, CET is
UTC+1); those with several common meanings (IST) are asked about rather than guessed. City names
come from the zone database itself ("Paris", "New York", "sao paulo"), plus a short list of big
cities that share a zone with a neighbour ("San Francisco", "Munich", "Bangalore").
"""

from __future__ import annotations

import difflib
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ABBREVIATIONS: dict[str, tuple[tzinfo, str]] = {
    "utc": (UTC, "UTC"),
    "gmt": (UTC, "GMT, UTC+0"),
    "z": (UTC, "UTC"),
    "wet": (timezone(timedelta(hours=0), "WET"), "Western European Time, UTC+0"),
    "west": (timezone(timedelta(hours=1), "WEST"), "Western European Summer Time, UTC+1"),
    "bst": (timezone(timedelta(hours=1), "BST"), "British Summer Time, UTC+1"),
    "cet": (timezone(timedelta(hours=1), "CET"), "Central European Time, UTC+1"),
    "cest": (timezone(timedelta(hours=2), "CEST"), "Central European Summer Time, UTC+2"),
    "eet": (timezone(timedelta(hours=2), "EET"), "Eastern European Time, UTC+2"),
    "eest": (timezone(timedelta(hours=3), "EEST"), "Eastern European Summer Time, UTC+3"),
    "msk": (timezone(timedelta(hours=3), "MSK"), "Moscow Time, UTC+3"),
    "est": (timezone(timedelta(hours=-5), "EST"), "US Eastern Standard Time, UTC-5"),
    "edt": (timezone(timedelta(hours=-4), "EDT"), "US Eastern Daylight Time, UTC-4"),
    "cst": (timezone(timedelta(hours=-6), "CST"), "US Central Standard Time, UTC-6"),
    "cdt": (timezone(timedelta(hours=-5), "CDT"), "US Central Daylight Time, UTC-5"),
    "mst": (timezone(timedelta(hours=-7), "MST"), "US Mountain Standard Time, UTC-7"),
    "mdt": (timezone(timedelta(hours=-6), "MDT"), "US Mountain Daylight Time, UTC-6"),
    "pst": (timezone(timedelta(hours=-8), "PST"), "US Pacific Standard Time, UTC-8"),
    "pdt": (timezone(timedelta(hours=-7), "PDT"), "US Pacific Daylight Time, UTC-7"),
    "akst": (timezone(timedelta(hours=-9), "AKST"), "Alaska Standard Time, UTC-9"),
    "hst": (timezone(timedelta(hours=-10), "HST"), "Hawaii Standard Time, UTC-10"),
    "jst": (timezone(timedelta(hours=9), "JST"), "Japan Standard Time, UTC+9"),
    "kst": (timezone(timedelta(hours=9), "KST"), "Korea Standard Time, UTC+9"),
    "sgt": (timezone(timedelta(hours=8), "SGT"), "Singapore Time, UTC+8"),
    "hkt": (timezone(timedelta(hours=8), "HKT"), "Hong Kong Time, UTC+8"),
    "aest": (timezone(timedelta(hours=10), "AEST"), "Australian Eastern Standard Time, UTC+10"),
    "aedt": (timezone(timedelta(hours=11), "AEDT"), "Australian Eastern Daylight Time, UTC+11"),
    "nzst": (timezone(timedelta(hours=12), "NZST"), "New Zealand Standard Time, UTC+12"),
    "nzdt": (timezone(timedelta(hours=13), "NZDT"), "New Zealand Daylight Time, UTC+13"),
    "et": (ZoneInfo("America/New_York"), "US Eastern time"),
    "ct": (ZoneInfo("America/Chicago"), "US Central time"),
    "mt": (ZoneInfo("America/Denver"), "US Mountain time"),
    "pt": (ZoneInfo("America/Los_Angeles"), "US Pacific time"),
}
"""Abbreviation -> (zone, what it was read as)."""

AMBIGUOUS: dict[str, str] = {
    "ist": "India (Asia/Kolkata), Israel (Asia/Jerusalem) or Ireland (Europe/Dublin)",
    "ast": "Atlantic (America/Halifax) or Arabia (Asia/Riyadh)",
}
"""Abbreviations with several everyday meanings: asked about, never guessed."""

CITIES: dict[str, str] = {
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "portland": "America/Los_Angeles",
    "san diego": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "montreal": "America/Toronto",
    "austin": "America/Chicago",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "geneva": "Europe/Zurich",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "tel aviv": "Asia/Jerusalem",
}
"""Big cities whose zone is named after another city."""

LONGEST_CITY = 3
"""Most words in a city name ("Port of Spain", "Ho Chi Minh" are rarer still)."""


@cache
def _iana() -> dict[str, str]:
    """Lower-case IANA name -> its proper spelling."""
    return {name.lower(): name for name in available_timezones() if "/" in name or name == "UTC"}


@cache
def _cities() -> dict[str, str]:
    """Lower-case city name ("new york", "sao paulo") -> IANA name."""
    found: dict[str, str] = {}
    for name in sorted(_iana().values()):
        if name.startswith(("Etc/", "SystemV/", "US/", "Antarctica/")) or "/" not in name:
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        found.setdefault(city, name)
    found.update(CITIES)
    return found


def find_zone(text: str) -> ZoneInfo | None:
    """``Europe/Paris``, ``europe/paris``, ``Paris``, ``new york`` -> the zone; else None."""
    key = " ".join(text.strip().strip(",;.").replace("_", " ").split()).lower()
    name = _iana().get(key.replace(" ", "_")) or _cities().get(key)
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def closest_zone(text: str) -> str | None:
    """The IANA name nearest to a misspelt one ("Europe/Pairs" -> "Europe/Paris")."""
    key = " ".join(text.strip().replace("_", " ").split()).lower()
    if not key:
        return None
    names = {**{k.replace("_", " "): v for k, v in _iana().items()}, **_cities()}
    match = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    return names[match[0]] if match else None


def zone_label(zone: tzinfo) -> str:
    """How a zone is named back to the user."""
    key = getattr(zone, "key", None)
    return str(key) if key else (zone.tzname(None) or "UTC")


def warm_up() -> None:
    """Build the name tables once, at start-up."""
    _cities()
