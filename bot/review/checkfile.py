"""Load and validate the review checks and drafts (`rules/review/*.yaml`).

Like the advice, the checks are data anyone may edit, so every mistake comes back as a precise
problem (``FILE: check ID: field F: what``) in one `RulebookError`, never a half-loaded set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.advice.rulebook_file import default_rules_dir
from bot.review.settings_check import settings_problems
from bot.review.values import CHECKS, KINDS, Severity
from bot.rulefiles import UNREADABLE, RulebookError, read_yaml

_CHECK_FIELDS = frozenset({"title", "rule", "severity", "fix", "patterns", "settings", "kinds"})
_PATTERN_FIELDS = frozenset({"regex", "fix", "kinds", "case"})
_DRAFT_FIELDS = frozenset({"title", "per_interviewer", "text", "detail", "topics"})
_PLACEHOLDERS = frozenset({"greeting_name", "company", "role", "topics", "detail"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Pattern:
    """A phrase to look for, with the fix to suggest when it is found."""

    regex: re.Pattern[str]
    fix: str | None
    kinds: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class CheckSpec:
    id: str
    title: str
    rule: str
    severity: Severity
    fix: str
    patterns: tuple[Pattern, ...] = ()
    kinds: frozenset[str] | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def applies_to(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True, slots=True)
class KindSpec:
    name: str
    cues: tuple[re.Pattern[str], ...]
    greeting: bool
    sign_off: bool


@dataclass(frozen=True, slots=True)
class DraftSpec:
    kind: str
    title: str
    per_interviewer: bool
    text: str
    detail: str
    topics: str


@dataclass(frozen=True, slots=True)
class Structure:
    greeting: re.Pattern[str]
    sign_off: re.Pattern[str]
    casual_greeting: re.Pattern[str]
    missing_fix: str


@dataclass(frozen=True, slots=True)
class ReviewRules:
    """Everything under `rules/review/`: the checks, the kinds of note and the drafts."""

    checks: Mapping[str, CheckSpec]
    kinds: Mapping[str, KindSpec]
    structure: Structure
    drafts: Mapping[str, DraftSpec]

    def rules_cited(self) -> frozenset[str]:
        return frozenset(spec.rule for spec in self.checks.values())


def review_dir(rules_dir: Path | None = None) -> Path:
    return (rules_dir or default_rules_dir()) / "review"


def load_review_rules(
    directory: Path | None = None, *, known_rules: Iterable[str] | None = None
) -> ReviewRules:
    """Read every ``*.yaml`` in `directory`; `known_rules` are the rule ids checks may cite.

    The advisor (for quoted messages) and the reviewer both load the checks; files unchanged
    since the last load (same names, sizes and modification times) are not read again."""
    folder = directory or review_dir()
    known = frozenset(known_rules) if known_rules is not None else None
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise RulebookError([f"{folder}: no review checks (*.yaml) found"])
    stats = tuple((path.name, st.st_mtime_ns, st.st_size) for path in files for st in [path.stat()])
    key = (folder.resolve(), known, stats)
    loaded = _LOADED.get(key)
    if loaded is not None:
        return loaded
    reader = _Reader(known)
    for path in files:
        reader.read(path)
    loaded = reader.finish()
    if len(_LOADED) >= _LOADED_MOST:
        _LOADED.clear()
    _LOADED[key] = loaded
    return loaded


_LOADED: dict[
    tuple[Path, frozenset[str] | None, tuple[tuple[str, int, int], ...]], ReviewRules
] = {}
"""The checks last loaded, by folder, the rule ids they could cite and the files' stats."""
_LOADED_MOST = 8


class _Reader:
    def __init__(self, known_rules: frozenset[str] | None) -> None:
        self.known_rules = known_rules
        self.problems: list[str] = []
        self.checks: dict[str, CheckSpec] = {}
        self.kinds: dict[str, KindSpec] = {}
        self.drafts: dict[str, DraftSpec] = {}
        self.structure: Structure | None = None

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def read(self, path: Path) -> None:
        data = read_yaml(path, path.name, self.problems)
        if data is UNREADABLE:
            return
        if not isinstance(data, dict):
            self.fail(path.name, "must be a mapping with checks:, kinds:, structure: or drafts:")
            return
        for key, value in data.items():
            if key == "checks":
                self._checks(path.name, value)
            elif key == "kinds":
                self._kinds(path.name, value)
            elif key == "structure":
                self._structure(path.name, value)
            elif key == "drafts":
                self._drafts(path.name, value)
            else:
                self.fail(path.name, f"unknown section {key!r}")

    def finish(self) -> ReviewRules:
        for check in CHECKS:
            if check not in self.checks:
                self.problems.append(f"review: check {check}: missing")
        for kind in KINDS:
            if kind not in self.kinds:
                self.problems.append(f"review: kind {kind}: missing")
        if self.structure is None:
            self.problems.append("review: structure: missing")
        if self.problems or self.structure is None:
            raise RulebookError(self.problems)
        return ReviewRules(self.checks, self.kinds, self.structure, self.drafts)

    # -- sections -------------------------------------------------------------------------------

    def _checks(self, file: str, raw: object) -> None:
        if not isinstance(raw, dict):
            self.fail(file, "checks: must map check ids to checks")
            return
        for check_id, item in raw.items():
            where = f"{file}: check {check_id}"
            if check_id not in CHECKS:
                self.fail(where, f"unknown check (known: {', '.join(CHECKS)})")
                continue
            if check_id in self.checks:
                self.fail(where, "defined twice")
                continue
            spec = self._check(where, str(check_id), item)
            if spec is not None:
                self.checks[check_id] = spec

    def _check(self, where: str, check_id: str, item: object) -> CheckSpec | None:
        if not isinstance(item, dict):
            self.fail(where, "must be a mapping")
            return None
        before = len(self.problems)
        for key in item.keys() - _CHECK_FIELDS:
            self.fail(where, f"field {key}: unknown field")
        title, rule, fix = (self._text(where, item, name) for name in ("title", "rule", "fix"))
        if rule and self.known_rules is not None and rule not in self.known_rules:
            self.fail(where, f"field rule: {rule!r} is not a rule of the rulebook")
        severity = item.get("severity")
        if severity not in {s.value for s in Severity}:
            self.fail(where, "field severity: must be caution or avoid")
        patterns = tuple(self._patterns(where, item.get("patterns") or []))
        settings = item.get("settings") or {}
        if not isinstance(settings, dict):
            self.fail(where, "field settings: must be a mapping")
        else:
            for problem in settings_problems(check_id, settings):
                self.fail(where, f"settings: {problem}")
        kinds = self._kind_list(where, "kinds", item.get("kinds"))
        if len(self.problems) > before:
            return None
        return CheckSpec(
            check_id, title, rule, Severity(str(severity)), fix, patterns, kinds, dict(settings)
        )

    def _patterns(self, where: str, raw: object) -> Iterable[Pattern]:
        if not isinstance(raw, list):
            self.fail(where, "field patterns: must be a list")
            return
        for number, item in enumerate(raw, 1):
            at = f"{where}: pattern {number}"
            if not isinstance(item, dict) or not isinstance(item.get("regex"), str):
                self.fail(at, "must be a mapping with a regex")
                continue
            for key in item.keys() - _PATTERN_FIELDS:
                self.fail(at, f"field {key}: unknown field")
            regex = self.compile(at, item["regex"], case=bool(item.get("case")))
            fix = item.get("fix")
            if fix is not None and not isinstance(fix, str):
                self.fail(at, "field fix: must be text")
                fix = None
            if regex is not None:
                yield Pattern(regex, fix, self._kind_list(at, "kinds", item.get("kinds")))

    def compile(self, where: str, text: object, *, case: bool = False) -> re.Pattern[str] | None:
        if not isinstance(text, str) or not text:
            self.fail(where, "regex: must be non-empty text")
            return None
        try:
            return re.compile(text, 0 if case else re.IGNORECASE)
        except re.error as error:
            self.fail(where, f"regex {text!r}: {error}")
            return None

    def _kind_list(self, where: str, name: str, raw: object) -> frozenset[str] | None:
        if raw is None:
            return None
        if not isinstance(raw, list) or any(k not in KINDS for k in raw):
            self.fail(where, f"field {name}: must be a list from: {', '.join(KINDS)}")
            return None
        return frozenset(raw)

    def _text(self, where: str, item: Mapping[str, Any], name: str) -> str:
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"field {name}: missing or empty")
            return ""
        return " ".join(value.split()) if name != "text" else value

    def _kinds(self, file: str, raw: object) -> None:
        if not isinstance(raw, dict):
            self.fail(file, "kinds: must map kinds of note to their cues")
            return
        for name, item in raw.items():
            where = f"{file}: kind {name}"
            if name not in KINDS or not isinstance(item, dict):
                self.fail(where, f"must be one of {', '.join(KINDS)}, with cues")
                continue
            cues = [self.compile(where, cue) for cue in item.get("cues") or []]
            self.kinds[name] = KindSpec(
                name,
                tuple(c for c in cues if c is not None),
                bool(item.get("greeting", True)),
                bool(item.get("sign_off", True)),
            )

    def _structure(self, file: str, raw: object) -> None:
        where = f"{file}: structure"
        if not isinstance(raw, dict):
            self.fail(where, "must be a mapping")
            return
        greeting = self.compile(f"{where}: greetings", raw.get("greetings"))
        sign_off = self.compile(f"{where}: sign_offs", raw.get("sign_offs"))
        casual = self.compile(f"{where}: casual_greeting", raw.get("casual_greeting"))
        fix = self._text(where, raw, "missing_fix")
        if greeting and sign_off and casual and fix:
            self.structure = Structure(greeting, sign_off, casual, fix)

    def _drafts(self, file: str, raw: object) -> None:
        if not isinstance(raw, dict):
            self.fail(file, "drafts: must map kinds of note to drafts")
            return
        for kind, item in raw.items():
            where = f"{file}: draft {kind}"
            if kind not in KINDS or not isinstance(item, dict):
                self.fail(where, f"must be one of {', '.join(KINDS)}, with a text")
                continue
            for key in item.keys() - _DRAFT_FIELDS:
                self.fail(where, f"field {key}: unknown field")
            texts = {name: self._text(where, item, name) for name in ("title", "text", "detail")}
            texts["topics"] = self._text(where, item, "topics")
            for name, text in texts.items():
                for placeholder in _PLACEHOLDER.findall(text):
                    if placeholder not in _PLACEHOLDERS:
                        self.fail(where, f"field {name}: unknown placeholder {{{placeholder}}}")
            self.drafts[kind] = DraftSpec(
                kind,
                texts["title"],
                bool(item.get("per_interviewer", False)),
                texts["text"],
                texts["detail"],
                texts["topics"],
            )
