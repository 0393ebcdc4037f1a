"""Load and validate the advice rulebook (`rules/advice/*.yaml` plus `rules/sources.yaml`).

The advice is data that anyone may edit, so a mistake in it must come back as a list of precise,
readable problems (``FILE: rule ID: field FIELD: what is wrong``), never as a traceback and
never as a half-loaded rulebook.

Layout of a rules directory::

    sources.yaml          sources: {KEY: {citation: TEXT, author?: TEXT, about?: TEXT}}
    advice/TOPIC.yaml     topic: NAME            (default topic of the file's rules)
                          concepts: {NAME: [phrase, ...]}   (named synonym sets, shared by all)
                          rules: [{id, verdict, title, why, instead, source (a key or a
                                   list of keys), cite?, topic?,
                                   priority?, examples?, match: {all?, any?, none?, negated?,
                                   boost?}}]

A phrase is a few words; a word ending in ``*`` matches any word starting with it
(``reject*``: rejected, rejection) and ``...`` stands for up to four words (``ask ... out``).
In ``match``, ``all`` lists required groups, each a concept name, a list of alternatives, or
``{at_least: N, of: [...], same_clause?: true}``; ``any`` is one more group; ``none`` vetoes;
``negated`` concepts must appear negated ("not send a thank-you note"); ``boost`` concepts only
make the rule more specific; ``priority`` breaks near-ties (higher wins).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from bot.core.messages import Verdict
from bot.rulefiles import UNREADABLE, RulebookError, read_yaml

__all__ = [
    "Concept",
    "Group",
    "Matcher",
    "Rule",
    "Rulebook",
    "RulebookError",
    "Source",
    "default_rules_dir",
    "load_rulebook",
]

ENV_RULES = "AFTERVIEW_RULES"
_ID = re.compile(r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PHRASE_WORD = re.compile(r"^[a-z0-9$]+\*?$")

_FILE_FIELDS = frozenset({"topic", "about", "concepts", "rules"})
_RULE_REQUIRED = ("id", "verdict", "title", "why", "instead", "source", "match")
_RULE_OPTIONAL = frozenset({"topic", "cite", "priority", "examples"})
_MATCH_FIELDS = frozenset({"all", "any", "none", "negated", "boost"})
_SOURCE_FIELDS = frozenset({"citation", "author", "about"})
_FAILED = UNREADABLE
"""What `_Loader._read` returns for a file it could not read or parse (already reported)."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where advice comes from, cited to the user."""

    key: str
    citation: str
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Concept:
    """A named set of phrases that mean the same thing for matching purposes."""

    name: str
    phrases: tuple[str, ...]
    file: str


@dataclass(frozen=True, slots=True)
class Group:
    """A requirement: at least `at_least` of `concepts` must appear in the question.

    With `same_clause`, they must appear together in one clause ("email and leave a voicemail"),
    not merely somewhere in the question ("no reply to my emails. Should I call?").
    """

    concepts: tuple[str, ...]
    at_least: int = 1
    same_clause: bool = False


@dataclass(frozen=True, slots=True)
class Matcher:
    groups: tuple[Group, ...]
    none: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    boost: tuple[str, ...] = ()

    def concepts(self) -> set[str]:
        names = {c for g in self.groups for c in g.concepts}
        return names | set(self.none) | set(self.negated) | set(self.boost)


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of advice: a verdict on an action, why, and the better move."""

    id: str
    topic: str
    verdict: Verdict
    title: str
    why: str
    instead: str
    sources: tuple[str, ...]
    matcher: Matcher
    file: str
    cite: str | None = None
    priority: int = 0
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rulebook:
    rules: tuple[Rule, ...]
    concepts: Mapping[str, Concept]
    sources: Mapping[str, Source]
    directory: Path
    by_id: Mapping[str, Rule] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        return self.by_id[rule_id]

    def citation(self, rule: Rule) -> str:
        """A human citation: each source's title, the first with where in it when the rule says."""
        parts = [self.sources[key].citation for key in rule.sources]
        if rule.cite:
            parts[0] = f"{parts[0]}, {rule.cite}"
        return "; ".join(parts)


def default_rules_dir() -> Path:
    """`AFTERVIEW_RULES` when set (a whole replacement rulebook), else the shipped `rules`."""
    override = os.environ.get(ENV_RULES)
    if override:
        return Path(override)
    return Path(str(files("rules")))


def load_rulebook(directory: Path | None = None) -> Rulebook:
    """Read and validate every advice file; raise one `RulebookError` listing all problems."""
    root = Path(directory) if directory is not None else default_rules_dir()
    loader = _Loader(root)
    return loader.load()


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []

    # -- plumbing ----------------------------------------------------------------------------

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _read(self, path: Path) -> object:
        return read_yaml(path, self._name(path), self.problems)

    # -- the whole book --------------------------------------------------------------------

    def load(self) -> Rulebook:
        if not self.root.is_dir():
            raise RulebookError([f"{self.root}: rules directory not found"])
        sources = self._load_sources()
        advice_dir = self.root / "advice"
        paths = sorted(advice_dir.glob("*.yaml")) if advice_dir.is_dir() else []
        if not paths:
            self.problems.append(f"{self._name(advice_dir)}: no advice files (*.yaml) found")
        concepts: dict[str, Concept] = {}
        raw_rules: list[tuple[str, str | None, dict[str, Any]]] = []
        for path in paths:
            self._load_advice_file(path, concepts, raw_rules)
        rules = self._build_rules(raw_rules, concepts, sources)
        if self.problems:
            raise RulebookError(self.problems)
        return Rulebook(
            rules=tuple(rules),
            concepts=concepts,
            sources=sources,
            directory=self.root,
            by_id={r.id: r for r in rules},
        )

    def _load_sources(self) -> dict[str, Source]:
        path = self.root / "sources.yaml"
        name = self._name(path)
        if not path.exists():
            return {}
        data = self._read(path)
        if data is _FAILED:
            return {}
        if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
            self.problems.append(f"{name}: field sources: must be a mapping of source keys")
            return {}
        unknown = sorted(str(k) for k in data if k != "sources")
        if unknown:
            self.problems.append(f"{name}: unknown field(s): {', '.join(unknown)}")
        sources: dict[str, Source] = {}
        for key, entry in data["sources"].items():
            where = f"{name}: source {key}"
            if not isinstance(key, str) or not _NAME.match(key):
                self.problems.append(f"{where}: key must be lowercase letters, digits, _")
                continue
            if not isinstance(entry, dict):
                self.problems.append(f"{where}: must be a mapping with a citation")
                continue
            for extra in sorted(str(k) for k in entry if k not in _SOURCE_FIELDS):
                self.problems.append(f"{where}: field {extra}: unknown field")
            citation = entry.get("citation")
            if not isinstance(citation, str) or not citation.strip():
                self.problems.append(f"{where}: field citation: missing or empty")
                continue
            author = entry.get("author")
            if author is not None and not isinstance(author, str):
                self.problems.append(f"{where}: field author: must be text")
                author = None
            sources[key] = Source(key=key, citation=citation.strip(), author=author)
        return sources

    def _load_advice_file(
        self,
        path: Path,
        concepts: dict[str, Concept],
        raw_rules: list[tuple[str, str | None, dict[str, Any]]],
    ) -> None:
        name = self._name(path)
        data = self._read(path)
        if data is _FAILED:
            return
        if data is None:
            self.problems.append(f"{name}: file is empty")
            return
        if not isinstance(data, dict):
            self.problems.append(f"{name}: must be a mapping with topic, concepts and rules")
            return
        for extra in sorted(str(k) for k in data if k not in _FILE_FIELDS):
            self.problems.append(f"{name}: field {extra}: unknown field")
        topic = data.get("topic")
        if topic is not None and (not isinstance(topic, str) or not _NAME.match(topic)):
            self.problems.append(f"{name}: field topic: must be a lowercase name")
            topic = None
        for concept_name, phrases in (self._mapping(name, data, "concepts") or {}).items():
            self._add_concept(name, concept_name, phrases, concepts)
        rules = data.get("rules", [])
        if rules is None:
            rules = []
        if not isinstance(rules, list):
            self.problems.append(f"{name}: field rules: must be a list of rules")
            return
        for index, raw in enumerate(rules, start=1):
            if not isinstance(raw, dict):
                self.problems.append(f"{name}: rule #{index}: must be a mapping of fields")
                continue
            raw_rules.append((name, topic, raw))

    def _mapping(self, name: str, data: dict[str, Any], key: str) -> dict[Any, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problems.append(f"{name}: field {key}: must be a mapping")
            return None
        return value

    def _add_concept(
        self, file: str, name: object, phrases: object, concepts: dict[str, Concept]
    ) -> None:
        where = f"{file}: concept {name}"
        if not isinstance(name, str) or not _NAME.match(name):
            self.problems.append(f"{where}: name must be lowercase letters, digits, _")
            return
        if name in concepts:
            self.problems.append(f"{where}: duplicate of the concept in {concepts[name].file}")
            return
        if not isinstance(phrases, list) or not phrases:
            self.problems.append(f"{where}: must be a non-empty list of phrases")
            return
        good: list[str] = []
        for phrase in phrases:
            problem = _phrase_problem(phrase)
            if problem:
                self.problems.append(f"{where}: bad pattern {phrase!r}: {problem}")
            else:
                good.append(str(phrase).strip().lower())
        concepts[name] = Concept(name=name, phrases=tuple(good), file=file)

    # -- rules -------------------------------------------------------------------------------

    def _build_rules(
        self,
        raw_rules: list[tuple[str, str | None, dict[str, Any]]],
        concepts: Mapping[str, Concept],
        sources: Mapping[str, Source],
    ) -> list[Rule]:
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        for index, (file, topic, raw) in enumerate(raw_rules, start=1):
            rule_id = raw.get("id")
            label = rule_id if isinstance(rule_id, str) and rule_id else f"#{index}"
            rule = _RuleCheck(self.problems, f"{file}: rule {label}", concepts, sources).build(
                raw, file, topic
            )
            if isinstance(rule_id, str) and rule_id:
                if rule_id in seen:
                    self.problems.append(
                        f"{file}: rule {rule_id}: field id: duplicate of the rule in "
                        f"{seen[rule_id]}"
                    )
                    continue
                seen[rule_id] = file
            if rule is not None:
                rules.append(rule)
        return rules


def _phrase_problem(phrase: object) -> str | None:
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


class _RuleCheck:
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
            self.fail(key, f"must be text, not {_kind(value)}")
            return ""
        value = " ".join(value.split())
        if not value and not may_be_empty:
            self.fail(key, "is empty")
        return value

    def build(self, raw: dict[str, Any], file: str, file_topic: str | None) -> Rule | None:
        for key in _RULE_REQUIRED:
            if key not in raw:
                self.fail(key, "missing")
        for extra in sorted(str(k) for k in raw if k not in _RULE_OPTIONAL | set(_RULE_REQUIRED)):
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
        if not isinstance(topic, str) or not _NAME.match(topic):
            self.fail("topic", "missing (set it on the rule or the file) or not a lowercase name")
        cite = raw.get("cite")
        if cite is not None and (not isinstance(cite, str) or not cite.strip()):
            self.fail("cite", "must be non-empty text")
        priority = raw.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool):
            self.fail("priority", f"must be a whole number, not {_kind(priority)}")
        examples = raw.get("examples", [])
        if not isinstance(examples, list) or not all(
            isinstance(e, str) and e.strip() for e in examples
        ):
            self.fail("examples", "must be a list of questions")
            examples = []
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
                self.fail(field_name, f"expected a concept name, found {_kind(item)}")
                return None
            if item not in self.concepts:
                self.fail(field_name, f"unknown concept {item!r}")
                return None
            names.append(item)
        return tuple(names)

    def _group(self, field_name: str, value: object) -> Group | None:
        if isinstance(value, dict):
            extra = sorted(str(k) for k in value if k not in ("at_least", "of", "same_clause"))
            if extra:
                self.fail(
                    field_name,
                    f"unknown key(s) {', '.join(extra)} (use at_least, of, same_clause)",
                )
                return None
            same_clause = value.get("same_clause", False)
            if not isinstance(same_clause, bool):
                self.fail(f"{field_name}.same_clause", "must be true or false")
                return None
            names = self._names(f"{field_name}.of", value.get("of"))
            at_least = value.get("at_least")
            if names is None:
                return None
            if not isinstance(at_least, int) or isinstance(at_least, bool):
                self.fail(f"{field_name}.at_least", "must be a whole number")
                return None
            if not 1 <= at_least <= len(names):
                self.fail(f"{field_name}.at_least", f"must be between 1 and {len(names)}")
                return None
            return Group(names, at_least, same_clause)
        names = self._names(field_name, value)
        return Group(names) if names is not None else None

    def _matcher(self, value: object) -> Matcher | None:
        if not isinstance(value, dict):
            self.fail(
                "match", f"must be a mapping (all, any, none, negated, boost), not {_kind(value)}"
            )
            return None
        for extra in sorted(str(k) for k in value if k not in _MATCH_FIELDS):
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


def _kind(value: object) -> str:
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
