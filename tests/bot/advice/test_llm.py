"""The language-model mode against a fake OpenAI-compatible server on 127.0.0.1.

The real stdlib HTTP client talks to a real HTTP server; the server's answers are scripted per
test: a good routing, a timeout, garbage, an unknown rule, a 429, a 500.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.advice.advisor import Advisor
from bot.advice.llm import NOTE_MARK, LlmAdvisor
from bot.advice.llm_settings import LlmSettings, LlmSettingsError
from bot.config import Settings, SettingsError
from bot.core.messages import Verdict

FLOWERS = "is it okay to send flowers to the interviewer?"
THANKS = "is it okay to send a thank-you email after the interview?"


@dataclass
class Script:
    """What the fake server answers next, and what it was asked."""

    replies: list[tuple[int, object]] = field(default_factory=list)
    requests: list[dict[str, object]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    hold: threading.Event | None = None


def completion(content: object) -> dict[str, object]:
    text = content if isinstance(content, str) else json.dumps(content)
    return {"choices": [{"message": {"role": "assistant", "content": text}}]}


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            script.requests.append(json.loads(self.rfile.read(length)))
            script.headers.append(dict(self.headers))
            status: int
            body: object
            hold = script.hold
            if hold is not None:  # a request the client gives up on: its answer is never read
                hold.wait(5)
                status, body = 500, {"error": "too late"}
            else:
                status, body = script.replies.pop(0) if script.replies else (500, {"error": "none"})
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    finally:
        if script.hold is not None:
            script.hold.set()
        httpd.shutdown()
        httpd.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _llm(
    url: str, advisor: Advisor, clock: Clock | None = None, timeout: float = 2.0
) -> LlmAdvisor:
    settings = LlmSettings(url, "test-model", api_key="sk-test", timeout=timeout)
    return LlmAdvisor(advisor, settings, clock=clock or Clock())


def test_a_valid_routing_answers_from_the_rule(
    server: tuple[str, Script], advisor: Advisor
) -> None:
    url, script = server
    note = "Since your interviewer was remote, an email is the way to thank them."
    script.replies.append(
        (
            200,
            completion({"rule": "gifts.send", "in_scope": True, "verdict": "avoid", "note": note}),
        )
    )
    advice = _llm(url, advisor).advise(FLOWERS)
    rule = advisor.rulebook.rule("gifts.send")
    assert (advice.verdict, advice.rule_id, advice.why) == (Verdict.AVOID, rule.id, rule.why)
    assert advice.instead.endswith(f"\n{NOTE_MARK}{note}")
    request = script.requests[0]
    assert request["model"] == "test-model"
    assert request["response_format"] == {"type": "json_object"}
    prompt = json.dumps(request["messages"])
    assert "gifts.send [avoid]" in prompt
    assert FLOWERS in prompt
    assert script.headers[0]["Authorization"] == "Bearer sk-test"


def test_answers_are_cached(server: tuple[str, Script], advisor: Advisor) -> None:
    url, script = server
    script.replies.append((200, completion({"rule": "gifts.send", "verdict": "avoid"})))
    llm = _llm(url, advisor)
    first = llm.advise(FLOWERS)
    again = llm.advise("Is it okay to send flowers to the  interviewer?")
    assert len(script.requests) == 1
    assert again.rule_id == first.rule_id == "gifts.send"
    assert again.question == "Is it okay to send flowers to the  interviewer?"


@pytest.mark.parametrize(
    "reply",
    [
        (429, {"error": {"message": "rate limited"}}),
        (500, {"error": "boom"}),
        (200, b"this is not json"),
        (200, completion("Sure! The rule is gifts.send.")),
        (200, completion({"rule": "gifts.made_up", "verdict": "avoid"})),
        (200, completion({"rule": "gifts.send", "verdict": "ok"})),
        (200, {"choices": []}),
    ],
    ids=["429", "500", "garbage-body", "prose", "unknown-rule", "contradiction", "no-choice"],
)
def test_a_bad_answer_falls_back_to_the_rulebook(
    server: tuple[str, Script], advisor: Advisor, reply: tuple[int, object]
) -> None:
    url, script = server
    script.replies.append(reply)
    advice = _llm(url, advisor).advise(FLOWERS)
    assert advice == advisor.advise(FLOWERS)
    assert len(script.requests) == 1


def test_a_timeout_falls_back_and_the_endpoint_rests(
    server: tuple[str, Script], advisor: Advisor
) -> None:
    url, script = server
    script.hold = threading.Event()
    clock = Clock()
    llm = _llm(url, advisor, clock, timeout=0.2)
    assert llm.advise(FLOWERS) == advisor.advise(FLOWERS)
    script.hold.set()
    script.hold = None
    assert llm.advise(THANKS) == advisor.advise(THANKS)
    assert len(script.requests) == 1, "a resting endpoint is not asked"
    clock.now += 31
    script.replies.append((200, completion({"rule": None, "in_scope": False})))
    assert llm.advise(THANKS).verdict is Verdict.OUT_OF_SCOPE
    assert len(script.requests) == 2


def test_out_of_scope_and_no_fitting_rule(server: tuple[str, Script], advisor: Advisor) -> None:
    url, script = server
    script.replies += [
        (200, completion({"rule": None, "in_scope": False})),
        (200, completion({"rule": None, "in_scope": True})),
    ]
    llm = _llm(url, advisor)
    weather = llm.advise("what's the weather like in Paris?")
    assert (weather.verdict, weather.rule_id) == (Verdict.OUT_OF_SCOPE, None)
    assert llm.advise(THANKS) == advisor.advise(THANKS)


def test_model_and_rulebook_at_odds_say_it_depends(
    server: tuple[str, Script], advisor: Advisor
) -> None:
    url, script = server
    ok_rule = advisor.advise(THANKS)
    assert ok_rule.verdict is Verdict.OK
    script.replies.append(
        (200, completion({"rule": "gifts.send", "not_doing": False, "verdict": "avoid"}))
    )
    llm = _llm(url, advisor)
    llm.candidates = lambda question: [  # type: ignore[method-assign]
        advisor.rulebook.rule("gifts.send")
    ]
    advice = llm.advise(THANKS)
    assert advice.verdict is Verdict.CAUTION
    assert advice.title is not None
    assert advice.title.startswith("It depends: ")
    assert advisor.rulebook.rule("gifts.send").why in advice.why


def test_candidates_include_the_rulebook_reading(advisor: Advisor) -> None:
    llm = LlmAdvisor(advisor, LlmSettings("http://127.0.0.1:9", "m"))
    ids = [rule.id for rule in llm.candidates(FLOWERS)]
    assert ids[0] == "gifts.send"
    assert 1 < len(ids) <= 10


def test_settings_from_the_environment() -> None:
    assert LlmSettings.from_env({}) is None
    settings = LlmSettings.from_env(
        {"AFTERVIEW_LLM_URL": "http://localhost:11434/v1/", "AFTERVIEW_LLM_MODEL": "qwen3:8b"}
    )
    assert settings is not None
    assert settings.endpoint == "http://localhost:11434/v1/chat/completions"
    assert (settings.api_key, settings.timeout) == (None, 4.0)
    with pytest.raises(LlmSettingsError, match="AFTERVIEW_LLM_MODEL"):
        LlmSettings.from_env({"AFTERVIEW_LLM_URL": "http://x"})
    with pytest.raises(LlmSettingsError, match="AFTERVIEW_LLM_TIMEOUT"):
        LlmSettings.from_env(
            {
                "AFTERVIEW_LLM_URL": "http://x",
                "AFTERVIEW_LLM_MODEL": "m",
                "AFTERVIEW_LLM_TIMEOUT": "x",
            }
        )
    with pytest.raises(SettingsError, match="http:// or https://"):
        Settings.from_env({"AFTERVIEW_LLM_URL": "ftp://x", "AFTERVIEW_LLM_MODEL": "m"})
