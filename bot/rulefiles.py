"""The one reader for data files under `rules/` (advice, nudge plan, language lists).

Rules files are edited by people, so every mistake must come back as a precise, readable problem
(``FILE: step ID: field F: what is wrong``), all of them at once, never as a traceback. This module
holds what every loader shares: the error type, reading a YAML file, and checking the fields of
one mapping (text, durations, day counts, clock times, flags, unknown keys).
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DURATION_PART = re.compile(r"(\d+)\s*(w|d|h|m|s)", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(?:\d+\s*[wdhms]\s*)+$", re.IGNORECASE)
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class RulebookError(Exception):
    """A rules file is wrong. `problems` lists each one as ``FILE: rule ID: field F: what``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(f"{head} in the rulebook:\n" + "\n".join(f"  - {p}" for p in problems))


class Unreadable:
    """What `read_yaml` returns for a file it could not read or parse (already reported)."""


UNREADABLE = Unreadable()


def read_yaml(path: Path, name: str, problems: list[str], *, what: str = "") -> object:
    """The file's YAML data, or `UNREADABLE` after adding the reason to `problems`.

    `name` is how messages call the file (relative to its rules directory where it has one);
    `what` names the file's role in the "cannot read" message ("the plan").
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        problems.append(f"{name}: cannot read {what or 'the file'}: {reason}")
        return UNREADABLE
    try:
        return yaml.load(text, Loader=_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{name}: not valid YAML: {where}{reason}")
        return UNREADABLE


def parse_duration(value: object) -> timedelta:
    """``"30s"``, ``"20m"``, ``"3h"``, ``"2d"``, ``"1w"``, ``"1d 12h"``; a bare integer is
    seconds. Raises ``ValueError`` with a short reason."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration; use e.g. 30s, 20m, 3h, 2d, 1w")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative; durations are zero or more")
        return timedelta(seconds=value)
    if not isinstance(value, str) or not _DURATION.match(value):
        raise ValueError(f"{value!r} is not a duration; use e.g. 30s, 20m, 3h, 2d, 1w")
    seconds = sum(int(n) * _UNIT_SECONDS[u.lower()] for n, u in _DURATION_PART.findall(value))
    return timedelta(seconds=seconds)


class Fields:
    """Reads the fields of one YAML mapping, collecting precise problems instead of raising.

    `where` starts every message (``plan.yaml: step thank_you``); `prefix` names a nested
    mapping's fields (``due.``). `ok` turns False at the first problem.
    """

    def __init__(
        self, data: dict[Any, Any], where: str, problems: list[str], prefix: str = ""
    ) -> None:
        self.data = data
        self.where = where
        self.problems = problems
        self.prefix = prefix
        self.ok = True

    def nested(self, data: dict[Any, Any], name: str) -> Fields:
        """The fields of a mapping inside this one, reported as ``name.field``."""
        return Fields(data, self.where, self.problems, prefix=f"{self.prefix}{name}.")

    def fail(self, field_name: str, what: str) -> None:
        self.problems.append(f"{self.where}: field {self.prefix}{field_name}: {what}")
        self.ok = False

    def text(self, name: str, *, required: bool = True) -> str | None:
        """Non-empty text with its white space folded; None (and a problem) otherwise."""
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "must be non-empty text")
            return None
        return " ".join(value.split())

    def duration(self, name: str, *, required: bool = True) -> timedelta | None:
        if name not in self.data:
            if required:
                self.fail(name, "missing")
            return None
        try:
            return parse_duration(self.data[name])
        except ValueError as exc:
            self.fail(name, str(exc))
            return None

    def count(self, name: str, *, most: int = 366) -> int | None:
        """A whole number of days from 0 to `most`, or None when absent."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
            self.fail(name, f"{value!r} must be a whole number of days from 0 to {most}")
            return None
        return value

    def clock(self, name: str) -> time | None:
        """A local time of day, ``'09:30'``; None when absent."""
        value = self.data.get(name)
        if value is None:
            return None
        # YAML 1.1 reads an unquoted 09:30 as the sexagesimal integer 570.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        match = _CLOCK.match(value) if isinstance(value, str) else None
        if match is None:
            self.fail(name, f"{value!r} is not a local time of day; use HH:MM, e.g. '09:30'")
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def flag(self, name: str, *, default: bool = False) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.fail(name, f"must be true or false, not {value!r}")
            return default
        return value

    def unknown(self, allowed: frozenset[str]) -> None:
        """One problem per key that is not in `allowed`."""
        extra = sorted(str(k) for k in self.data if k not in allowed)
        for key in extra:
            self.fail(key, f"unknown field (expected one of: {', '.join(sorted(allowed))})")
