"""Field-by-field checks of one advice rule and of a phrase, for the rulebook loader.

Each check appends a precise problem (``FILE: rule ID: field FIELD: what is wrong``) and returns
what is usable, so one pass reports every mistake. The checks are small and independent of the
loader's file handling, so generic ones (text, whole numbers, lists of names) can move into a
shared home for every `rules/` file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeGuard

from bot.advice.rules import Concept, Group, Matcher, Rule, Source
from bot.core.messages import Verdict

_ID = re.compile(r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PHRASE_WORD = re.compile(r"^[a-z0-9$]+\*?$")

RULE_REQUIRED = ("id", "verdict", "title", "why", "instead", "source", "match")
RULE_OPTIONAL = frozenset({"topic", "cite", "priority", "examples", "applies_when"})
MATCH_FIELDS = frozenset({"all", "any", "none", "negated", "boost"})


def is_name(value: object) -> TypeGuard[str]:
    """Whether a value is a lowercase name (topics, concepts, source keys)."""
    return isinstance(value, str) and bool(_NAME.match(value))


def phrase_problem(phrase: object) -> str | None:
    if not isinstance(phrase, str):
        return "must be text"
    words = phrase.strip().lower().split()
    if not words:
        return "is empty"
    if words[0] == "..." or words[-1] == "...":
        return "a gap (...) must sit between words"
    for word in words:
        if word == "...":
            continue
        if not _PHRASE_WORD.match(word):
            return f"word {word!r} may hold only letters and digits, with an optional final *"
        if word.endswith("*") and len(word) < 4:
            return f"prefix {word!r} is too short (3 letters at least)"
    return None


class RuleCheck:
    """Validates one rule's fields, appending a precise problem for each mistake."""

    def __init__(
        self,
        problems: list[str],
        where: str,
        concepts: Mapping[str, Concept],
        sources: Mapping[str, Source],
    ) -> None:
        self.problems = problems
        self.where = where
        self.concepts = concepts
        self.sources = sources
        self.ok = True

    def fail(self, field_name: str, what: str) -> None:
        self.problems.append(f"{self.where}: field {field_name}: {what}")
        self.ok = False

    def text(self, raw: dict[str, Any], key: str, *, may_be_empty: bool = False) -> str:
        value = raw.get(key)
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {kind(value)}")
            return ""
        value = " ".join(value.split())
        if not value and not may_be_empty:
            self.fail(key, "is empty")
        return value

    def build(self, raw: dict[str, Any], file: str, file_topic: str | None) -> Rule | None:
        for key in RULE_REQUIRED:
            if key not in raw:
                self.fail(key, "missing")
        for extra in sorted(str(k) for k in raw if k not in RULE_OPTIONAL | set(RULE_REQUIRED)):
            self.fail(extra, "unknown field")
        if not self.ok:
            return None
        rule_id = raw["id"]
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            self.fail("id", "must be lowercase words joined by dots, dashes or underscores")
        verdict = self._verdict(raw["verdict"])
        title = self.text(raw, "title")
        why = self.text(raw, "why")
        instead = self.text(raw, "instead", may_be_empty=verdict is Verdict.OUT_OF_SCOPE)
        sources = self._sources(raw["source"])
        topic = raw.get("topic", file_topic)
        if not isinstance(topic, str) or not is_name(topic):
            self.fail("topic", "missing (set it on the rule or the file) or not a lowercase name")
        cite = raw.get("cite")
        if cite is not None and (not isinstance(cite, str) or not cite.strip()):
            self.fail("cite", "must be non-empty text")
        priority = raw.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool):
            self.fail("priority", f"must be a whole number, not {kind(priority)}")
        examples = raw.get("examples", [])
        if not isinstance(examples, list) or not all(
            isinstance(e, str) and e.strip() for e in examples
        ):
            self.fail("examples", "must be a list of questions")
            examples = []
        applies_when = raw.get("applies_when", "")
        if not isinstance(applies_when, str):
            self.fail("applies_when", "must be text: when the rule applies, in plain words")
            applies_when = ""
        matcher = self._matcher(raw["match"])
        if not self.ok or verdict is None or matcher is None:
            return None
        return Rule(
            id=str(rule_id),
            topic=str(topic),
            verdict=verdict,
            title=title,
            why=why,
            instead=instead,
            sources=sources,
            matcher=matcher,
            file=file,
            cite=cite.strip() if isinstance(cite, str) else None,
            priority=int(priority),
            examples=tuple(examples),
            applies_when=" ".join(applies_when.split()),
        )

    def _sources(self, value: object) -> tuple[str, ...]:
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not keys:
            self.fail("source", "must be a source key or a non-empty list of them")
            return ()
        known = ", ".join(sorted(self.sources)) or "none: add sources.yaml"
        for key in keys:
            if not isinstance(key, str) or key not in self.sources:
                self.fail("source", f"unknown source key {key!r} (known: {known})")
        return tuple(str(k) for k in keys)

    def _verdict(self, value: object) -> Verdict | None:
        try:
            return Verdict(str(value))
        except ValueError:
            allowed = ", ".join(v.value for v in Verdict)
            self.fail("verdict", f"{value!r} is not one of {allowed}")
            return None

    def _names(self, field_name: str, value: object) -> tuple[str, ...] | None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.fail(field_name, "must be a concept name or a non-empty list of them")
            return None
        names: list[str] = []
        for item in items:
            if not isinstance(item, str):
                self.fail(field_name, f"expected a concept name, found {kind(item)}")
                return None
            if item not in self.concepts:
                self.fail(field_name, f"unknown concept {item!r}")
                return None
            names.append(item)
        return tuple(names)

    def _group(self, field_name: str, value: object) -> Group | None:
        if isinstance(value, dict):
            keys = ("at_least", "of", "same_clause", "mentions")
            extra = sorted(str(k) for k in value if k not in keys)
            if extra:
                self.fail(
                    field_name,
                    f"unknown key(s) {', '.join(extra)} (use at_least, of, same_clause, mentions)",
                )
                return None
            same_clause = value.get("same_clause", False)
            if not isinstance(same_clause, bool):
                self.fail(f"{field_name}.same_clause", "must be true or false")
                return None
            names = self._names(f"{field_name}.of", value.get("of"))
            at_least = value.get("at_least", 1)
            mentions = value.get("mentions", 0)
            if names is None:
                return None
            for key, number in (("at_least", at_least), ("mentions", mentions)):
                if not isinstance(number, int) or isinstance(number, bool):
                    self.fail(f"{field_name}.{key}", "must be a whole number")
                    return None
            if not 1 <= at_least <= len(names):
                self.fail(f"{field_name}.at_least", f"must be between 1 and {len(names)}")
                return None
            if mentions < 0:
                self.fail(f"{field_name}.mentions", "must be 0 or more")
                return None
            return Group(names, at_least, same_clause, mentions)
        names = self._names(field_name, value)
        return Group(names) if names is not None else None

    def _matcher(self, value: object) -> Matcher | None:
        if not isinstance(value, dict):
            self.fail(
                "match", f"must be a mapping (all, any, none, negated, boost), not {kind(value)}"
            )
            return None
        for extra in sorted(str(k) for k in value if k not in MATCH_FIELDS):
            self.fail(f"match.{extra}", "unknown field (use all, any, none, negated, boost)")
        groups: list[Group] = []
        required = value.get("all", [])
        if not isinstance(required, list):
            self.fail("match.all", "must be a list of groups")
            required = []
        for item in required:
            group = self._group("match.all", item)
            if group is not None:
                groups.append(group)
        if "any" in value:
            group = self._group("match.any", value["any"])
            if group is not None:
                groups.append(group)
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("none", "negated", "boost"):
            if key in value:
                names = self._names(f"match.{key}", value[key])
                lists[key] = names or ()
        if self.ok and not groups and not lists.get("negated"):
            self.fail("match", "needs at least one required group (all, any or negated)")
        if not self.ok:
            return None
        return Matcher(
            groups=tuple(groups),
            none=lists.get("none", ()),
            negated=lists.get("negated", ()),
            boost=lists.get("boost", ()),
        )


def kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
