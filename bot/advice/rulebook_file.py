"""Load and validate the advice rulebook (`rules/advice/*.yaml` plus `rules/sources.yaml`).

The advice is data that anyone may edit, so a mistake in it must come back as a list of precise,
readable problems (``FILE: rule ID: field FIELD: what is wrong``), never as a traceback and
never as a half-loaded rulebook.

Layout of a rules directory::

    sources.yaml          sources: {KEY: {citation: TEXT, author?: TEXT, about?: TEXT}}
    advice/TOPIC.yaml     topic: NAME            (default topic of the file's rules)
                          concepts: {NAME: [phrase, ...]}   (named synonym sets, shared by all)
                          states: [NAME, ...]  (concepts that say how things stand)
                          context: [NAME, ...]  (concepts that place a question in a
                                   hiring process)
                          relations: [NAME, ...]  (concepts a relative's name brings in)
                          elsewhere: [NAME, ...]  (concepts that name another process)
                          trades: [NAME, ...]  (concepts an employer's name brings in)
                          senses: {NAME: [phrase, ...]}  (where a concept's words mean
                                   something else)
                          rules: [{id, verdict, title, why, instead, source (a key or a
                                   list of keys), cite?, topic?,
                                   priority?, examples?, applies_when?,
                                   match: {all?, any?, none?, negated?, boost?}}]

A phrase is a few words; a word ending in ``*`` matches any word starting with it
(``reject*``: rejected, rejection) and ``...`` stands for up to four words (``ask ... out``).
In ``match``, ``all`` lists required groups, each a concept name, a list of alternatives, or
``{at_least?: N, of: [...], same_clause?: true, mentions?: M}`` (``mentions``: the question
names at least M separate things among them); ``any`` is one more group; ``none`` vetoes;
``negated`` concepts must appear negated ("not send a thank-you note"); ``boost`` concepts only
make the rule more specific; ``priority`` breaks near-ties (higher wins).

A concept listed under ``states`` says how things stand ("the offer is signed", "I accepted"),
so a negated mention ("I haven't signed yet") says the opposite: it neither meets a requirement
nor vetoes a rule. Any other concept counts however it is mentioned, unless some rule needs it
``negated``.

Concepts listed under ``context`` place a question in a hiring process ("the recruiter", "the
offer", "a thank-you"). Where the question mentions none of them, an out-of-scope rule that
applies decides, however well an in-scope rule matches the rest of its words ("how long should
I wait to text him after our first date?" follows up, but not after an interview).

Concepts listed under ``relations`` are those a relative's name brings in ("my girlfriend":
romance; "my dad": family). Where "my <relative>" is the subject of a clause, it names whom
the asker speaks for, and those mentions are set aside (`bot.advice.subjects`).

Concepts listed under ``elsewhere`` name another process altogether (a school's admissions, a
visa): a ``context`` word inside one of their mentions ("a visa interview") does not place a
question in a hiring process (`bot.advice.out_of_scope`).

Concepts listed under ``trades`` are those an employer's name or trade can bring in ("a wine
bar": a gift; "Tinder": dating); inside the name of where the asker interviewed ("I interviewed
at a wine bar") those mentions are set aside (`bot.advice.employers`).

``senses`` lists, for a concept, phrases in which its words mean something else: "I'm resigned
to waiting" is not resigning, "she has a gift for putting people at ease" is no present. A
mention of the concept that lies inside one of them is set aside (`bot.advice.reader`).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from bot.advice.rule_check import RuleCheck, is_name, phrase_problem
from bot.advice.rules import Concept, Rule, Rulebook, Source
from bot.rulefiles import UNREADABLE, RulebookError, read_yaml

__all__ = ["RulebookError", "default_rules_dir", "load_rulebook"]

_FILE_FIELDS = frozenset(
    {
        "topic",
        "about",
        "concepts",
        "states",
        "context",
        "relations",
        "elsewhere",
        "trades",
        "senses",
        "rules",
    }
)
_NAME_LISTS = ("states", "context", "relations", "elsewhere", "trades")
"""File fields that list concept names, gathered over every file."""
_SOURCE_FIELDS = frozenset({"citation", "author", "about"})
_FAILED = UNREADABLE
"""What `_Loader._read` returns for a file it could not read or parse (already reported)."""


def default_rules_dir() -> Path:
    """The shipped `rules`; a replacement comes as a path from `bot.config.Settings`."""
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
        lists: dict[str, dict[str, str]] = {field: {} for field in _NAME_LISTS}
        senses: dict[str, tuple[str, list[str]]] = {}
        for path in paths:
            self._load_advice_file(path, concepts, raw_rules, lists, senses)
        for field, names in lists.items():
            for listed, file in names.items():
                if listed not in concepts:
                    self.problems.append(f"{file}: field {field}: {listed!r} is not a concept")
        for listed, (file, _) in senses.items():
            if listed not in concepts:
                self.problems.append(f"{file}: field senses: {listed!r} is not a concept")
        rules = self._build_rules(raw_rules, concepts, sources)
        if self.problems:
            raise RulebookError(self.problems)
        return Rulebook(
            rules=tuple(rules),
            concepts=concepts,
            sources=sources,
            directory=self.root,
            by_id={r.id: r for r in rules},
            states=frozenset(lists["states"]),
            context=frozenset(lists["context"]),
            relations=frozenset(lists["relations"]),
            elsewhere=frozenset(lists["elsewhere"]),
            trades=frozenset(lists["trades"]),
            senses={name: tuple(phrases) for name, (_, phrases) in senses.items()},
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
            if not is_name(key):
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
        lists: dict[str, dict[str, str]],
        senses: dict[str, tuple[str, list[str]]],
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
        if topic is not None and not is_name(topic):
            self.problems.append(f"{name}: field topic: must be a lowercase name")
            topic = None
        for concept_name, phrases in (self._mapping(name, data, "concepts") or {}).items():
            self._add_concept(name, concept_name, phrases, concepts)
        for concept_name, phrases in (self._mapping(name, data, "senses") or {}).items():
            good = self._phrases(f"{name}: field senses: {concept_name}", phrases)
            if good:
                senses.setdefault(str(concept_name), (name, []))[1].extend(good)
        for field, names in lists.items():
            listed = data.get(field, [])
            if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
                self.problems.append(f"{name}: field {field}: must be a list of concept names")
            else:
                names.update(dict.fromkeys(listed, name))
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
        if not is_name(name):
            self.problems.append(f"{where}: name must be lowercase letters, digits, _")
            return
        if name in concepts:
            self.problems.append(f"{where}: duplicate of the concept in {concepts[name].file}")
            return
        good = self._phrases(where, phrases)
        if good is not None:
            concepts[name] = Concept(name=name, phrases=tuple(good), file=file)

    def _phrases(self, where: str, phrases: object) -> list[str] | None:
        """The well-formed phrases of a non-empty list (each bad one reported), else None."""
        if not isinstance(phrases, list) or not phrases:
            self.problems.append(f"{where}: must be a non-empty list of phrases")
            return None
        good: list[str] = []
        for phrase in phrases:
            problem = phrase_problem(phrase)
            if problem:
                self.problems.append(f"{where}: bad pattern {phrase!r}: {problem}")
            else:
                good.append(str(phrase).strip().lower())
        return good

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
            rule = RuleCheck(self.problems, f"{file}: rule {label}", concepts, sources).build(
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
