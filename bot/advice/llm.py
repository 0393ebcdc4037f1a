"""The optional language-model mode: an OpenAI-compatible endpoint routes questions to rules.

The rulebook stays the knowledge; the model only reads the question better. For each question
the rulebook's own reading retrieves candidate rules, the model picks one (or none) with a
verdict as JSON, `llm_prompt.parse_answer` checks that against the rulebook, and the answer is
built from the rule's text. Anything short of a valid answer in time (a timeout, an HTTP error
such as 429 or 500, garbage, an unknown rule) falls back to the rulebook's own answer, and after
a failure the endpoint is left alone for a cool-down so that a dead server costs one timeout,
not one per question. Where the model and the rulebook disagree ok against avoid, the answer is
"it depends" with both sides. Answers are cached by question.

With a hosted provider the question text leaves this machine; with a local server (Ollama,
llama.cpp, vLLM, LM Studio) it does not.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import replace

from bot.advice.advisor import OUT_OF_SCOPE_WHY, Advisor
from bot.advice.doubt import DEPENDS, OPPOSITE, Doubt, depends_instead, depends_why
from bot.advice.llm_prompt import BadAnswer, Routing, messages, parse_answer
from bot.advice.llm_settings import LlmSettings
from bot.advice.rules import Rule
from bot.advice.stance import NOT_DOING, not_title
from bot.core.messages import Advice, Verdict

log = logging.getLogger(__name__)

CANDIDATES = 10
"""Rules shown to the model per question."""
CACHE_SIZE = 2048
COOL_DOWN = 30.0
"""Seconds the endpoint is skipped after a failure."""
NOTE_MARK = "Tailored by the language model, not from the rulebook: "

Transport = Callable[[str, bytes, dict[str, str], float], object]
"""POST (url, body, headers, timeout) -> the decoded JSON response; raises on any failure."""


def post_json(url: str, body: bytes, headers: dict[str, str], timeout: float) -> object:
    """The standard library's HTTP client: no extra dependency for the mode."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


class LlmAdvisor:
    """An `AdviceSource` that asks a language model to route, and the rulebook to answer."""

    def __init__(
        self,
        advisor: Advisor,
        settings: LlmSettings,
        *,
        transport: Transport = post_json,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.advisor = advisor
        self.settings = settings
        self._transport = transport
        self._clock = clock
        self._cache: OrderedDict[str, Advice] = OrderedDict()
        self._resting_until = 0.0
        self.stats: Counter[str] = Counter()
        """How questions were answered: routed, cached, fallback, resting (for benchmarks)."""

    def warm_up(self) -> None:
        self.advisor.warm_up()

    def advise_rule(self, rule_id: str, question: str = "") -> Advice | None:
        """A clarifying question's chosen answer: the rulebook's, no model needed."""
        return self.advisor.advise_rule(rule_id, question)

    def advise(self, question: str) -> Advice:
        fallback = self.advisor.advise(question)
        if not question.strip():
            return fallback
        key = " ".join(question.lower().split())
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.stats["cached"] += 1
            return replace(cached, question=question)
        if self._clock() < self._resting_until:
            self.stats["resting"] += 1
            return fallback
        candidates = self.candidates(question)
        try:
            routing = self._route(question, candidates)
        except (BadAnswer, OSError, ValueError, TimeoutError) as error:
            log.warning("language model not used for a question: %s", error)
            self._resting_until = self._clock() + COOL_DOWN
            self.stats["fallback"] += 1
            return fallback
        self.stats["routed"] += 1
        advice = self._answer(question, routing, fallback)
        self._cache[key] = advice
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return advice

    def candidates(self, question: str) -> list[Rule]:
        """The rules the rulebook's reading finds applicable, then those sharing most of the
        question's concepts, so that a rule with a gap in its phrases can still be chosen."""
        reading = self.advisor.read(question)
        chosen = [c.rule for c in self.advisor.candidates(reading)][:CANDIDATES]
        if len(chosen) < CANDIDATES and reading.hits:
            overlap = []
            for rule in self.advisor.rulebook.rules:
                if rule in chosen:
                    continue
                shared = len(rule.matcher.concepts() & reading.concepts)
                if shared:
                    overlap.append((-shared, rule.id, rule))
            chosen += [rule for _, _, rule in sorted(overlap)][: CANDIDATES - len(chosen)]
        return chosen

    def _route(self, question: str, candidates: list[Rule]) -> Routing:
        payload = {
            "model": self.settings.model,
            "messages": messages(question, candidates),
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        body = self._transport(
            self.settings.endpoint,
            json.dumps(payload).encode("utf-8"),
            headers,
            self.settings.timeout,
        )
        return parse_answer(body, candidates, NOT_DOING)

    def _answer(self, question: str, routing: Routing, fallback: Advice) -> Advice:
        rule = routing.rule
        if rule is None:
            if routing.in_scope:
                return fallback
            return Advice(question, Verdict.OUT_OF_SCOPE, None, OUT_OF_SCOPE_WHY, "", 0.8)
        if routing.verdict is Verdict.OUT_OF_SCOPE or routing.verdict is None:
            return Advice(
                question, Verdict.OUT_OF_SCOPE, None, rule.why, rule.instead, 0.8, rule.title
            )
        if rule.id == fallback.rule_id and (fallback.title or "").startswith(DEPENDS):
            return fallback  # the same rule, which the rulebook's reading already doubts
        verdict = routing.verdict
        title = not_title(rule.title) if routing.not_doing else rule.title
        why, instead = rule.why, rule.instead
        source = self.advisor.rulebook.citation(rule)
        if verdict in OPPOSITE and fallback.verdict is OPPOSITE[verdict] and fallback.rule_id:
            other = self.advisor.rulebook.rule(fallback.rule_id)
            doubt = Doubt(other, "the rulebook's reading judges the other way")
            why = depends_why(verdict, title, why, doubt)
            instead = depends_instead(instead, doubt)
            source = f"{source}; {self.advisor.rulebook.citation(other)}"
            verdict, title = Verdict.CAUTION, f"{DEPENDS}{title[:1].lower()}{title[1:]}"
        elif verdict is Verdict.CAUTION and rule.verdict is not Verdict.CAUTION:
            title = f"{DEPENDS}{title[:1].lower()}{title[1:]}"
        if routing.note:
            instead = f"{instead}\n{NOTE_MARK}{routing.note}"
        return Advice(question, verdict, rule.id, why, instead, 0.8, title, rule.topic, source)
