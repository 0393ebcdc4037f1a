"""The conversation: the one entry point every adapter calls with a `Request`.

The coach routes a request to a command handler (or treats free text as a question for the
advisor), and guarantees a friendly `Reply` for anything a user sends: unknown commands get the
right form, over-long text is refused politely, and an internal error never leaks a trace.
Features such as interview tracking plug in by registering commands and action handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.advice.reply import advice_reply
from bot.core.commandline import split_command
from bot.core.failures import Refused, failure_reply, refused_reply
from bot.core.hygiene import cleaned
from bot.core.messages import Action, Advice, Identity, Reply, Request, Section, Tone
from bot.core.small_talk import didnt_catch, small_talk

log = logging.getLogger(__name__)

MESSAGE_MAX = 2000
"""Longest message the coach reads (any platform); longer ones are asked to be shorter."""

CommandHandler = Callable[[Request, str], Reply]
ActionHandler = Callable[[Request, Action], Reply]


class AdviceSource(Protocol):
    """An advisor; one with a true `in_memory` attribute answers without I/O (the rulebook)."""

    def advise(self, question: str) -> Advice: ...


@runtime_checkable
class ChosenAdvice(Protocol):
    """An advice source that can answer with one rule the asker chose (a clarifying button)."""

    def advise_rule(self, rule_id: str, question: str = "") -> Advice | None: ...


@runtime_checkable
class WarmAdvice(Protocol):
    """An advice source with work worth doing before the first question (see the runner)."""

    def warm_up(self) -> None: ...


QUESTION_WORDS = 5
"""Fewest words of a line that begins with a command's word and is read as a question instead
("list?" stays the command)."""


@dataclass(frozen=True, slots=True)
class Command:
    """A command users can type: ``/name args`` on Slack, a slash command on Discord."""

    name: str
    usage: str
    summary: str
    handler: CommandHandler
    aliases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    max_text: int = MESSAGE_MAX
    """Longest text this command takes (a pasted note may run past a question's limit)."""
    takes_questions: bool = False
    """Its text may be a question or a note (ask, review, draft, help). Other commands take
    ids, times and names, so a line that begins with one's word but asks something, typed
    without the slash, is a question for the advisor: "interviewed at Acme yesterday, can I
    call them?" is no registration, "forget it, should I just call?" no deletion."""


class Coach:
    """Routes requests to commands, actions and the advisor; never raises to an adapter."""

    def __init__(self, advisor: AdviceSource) -> None:
        self.advisor = advisor
        self._commands: dict[str, Command] = {}
        self._names: dict[str, str] = {}
        self._name_set: frozenset[str] = frozenset()
        self._actions: dict[str, ActionHandler] = {}
        self._hooks: list[Callable[[Identity], Reply | None]] = []
        self._hooks_in_memory: list[Callable[[Identity], bool]] = []
        self._claims: list[tuple[Callable[[str], str | None], CommandHandler]] = []
        self._last_claim: tuple[str, tuple[CommandHandler, str] | None] | None = None
        self._longest = MESSAGE_MAX
        self.failures = 0
        """How many requests got the generic failure reply (the fuzz bench prints it)."""
        self.register(
            Command(
                name="help",
                usage="help",
                summary="what I can do, with examples",
                handler=self._help,
                aliases=("start", "commands", "?"),
                takes_questions=True,
            )
        )
        self.register(
            Command(
                name="ask",
                usage="ask QUESTION",
                summary="is it okay to ...? — a verdict, the reason and the better move",
                handler=self._ask,
                examples=("ask is it okay to add my interviewer on LinkedIn?",),
                takes_questions=True,
            )
        )
        self.on_action("advice", self._advice_choice)

    # -- registration -----------------------------------------------------------------------

    def register(self, command: Command) -> None:
        """Add a command; its name and aliases must be new (nothing is added if one is not)."""
        names = (command.name, *command.aliases)
        for name in names:
            if name in self._names:
                raise ValueError(f"command name {name!r} is already taken")
        self._names.update(dict.fromkeys(names, command.name))
        self._name_set = frozenset(self._names)
        self._commands[command.name] = command
        self._longest = max(c.max_text for c in self._commands.values())

    def on_action(self, prefix: str, handler: ActionHandler) -> None:
        """Route clicks whose action id is ``prefix`` or starts with ``prefix + '.'``."""
        self._actions[prefix] = handler

    def on_interaction(
        self,
        hook: Callable[[Identity], Reply | None],
        *,
        in_memory: Callable[[Identity], bool] | None = None,
    ) -> None:
        """Run before each request; a returned reply is prepended (e.g. "I couldn't DM you").

        `in_memory(who)` says whether the hook would answer for `who` without I/O just now.
        """
        self._hooks.append(hook)
        self._hooks_in_memory.append(in_memory or (lambda _who: False))

    def claim_questions(self, find: Callable[[str], str | None], handler: CommandHandler) -> None:
        """Send a question in which `find` (pure, cheap: it sees every question) finds what
        `handler` takes, e.g. a pasted note for the reviewer, to `handler` with what was
        found, instead of to the advisor."""
        self._claims.append((find, handler))
        self._last_claim = None

    def _claimed(self, text: str) -> tuple[CommandHandler, str] | None:
        """The handler that claims `text`, and what it found. The last answer is kept: an
        adapter asks (`answers_from_memory`) just before the question is handled."""
        last = self._last_claim
        if last is not None and last[0] == text:
            return last[1]
        claimed: tuple[CommandHandler, str] | None = None
        for find, handler in self._claims:
            found = find(text)
            if found is not None:
                claimed = (handler, found)
                break
        self._last_claim = (text, claimed)
        return claimed

    def answers_from_memory(self, request: Request) -> bool:
        """True when answering `request` needs no database or network (`help`, and `ask` with
        the rulebook): an adapter may then answer on its event loop, without a thread hop."""
        if request.action is not None or request.command is None:
            return False
        canonical = self._names.get(request.command.lower().lstrip("/"))
        if canonical is None:
            return False
        handler = self._commands[canonical].handler
        if handler != self._help and (
            handler != self._ask
            or not getattr(self.advisor, "in_memory", False)
            or self._claimed(request.text) is not None
        ):
            return False
        return all(check(request.who) for check in self._hooks_in_memory)

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(self._commands.values())

    def command_names(self) -> frozenset[str]:
        """Every name and alias; kept ready because each free-text message is checked against it."""
        return self._name_set

    # -- the entry point --------------------------------------------------------------------

    def handle(self, request: Request) -> Reply:
        """Answer one request. Always returns a reply; never raises."""
        try:
            readable = cleaned(request)
            if isinstance(readable, Reply):
                return readable
            reply = self._route(readable)
            notice = self._notices(readable.who)
            return _prepend(notice, reply) if notice else reply
        except Refused as refused:
            return refused_reply(refused)
        except Exception:
            log.exception("request failed: platform=%s", request.who.platform[:32])
            self.failures += 1
            return failure_reply()

    def _route(self, request: Request) -> Reply:
        if request.action is not None:
            return self._dispatch_action(request, request.action)
        if len(request.text) > self._longest:
            return _too_long(len(request.text), self._longest)
        if request.command is not None:
            name, rest = request.command.lower().lstrip("/"), request.text.strip()
            if name == "afterview":  # the umbrella command: /afterview list, /afterview ask ...
                sub, rest = self._split(rest)
                name = sub or ("ask" if rest else "help")
        else:
            sub, rest = self._split(request.text)
            if sub is None:
                if len(request.text) > MESSAGE_MAX:
                    return _too_long(len(request.text), MESSAGE_MAX)
                if not rest:
                    return self._help(request, "")
                return small_talk(rest) or self._ask(request, rest)
            name = sub
        canonical = self._names.get(name)
        if canonical is None:
            return (
                self._unknown(name)
                if len(request.text) <= MESSAGE_MAX
                else _too_long(len(request.text), MESSAGE_MAX)
            )
        command = self._commands[canonical]
        if len(request.text) > command.max_text:
            return _too_long(len(request.text), command.max_text)
        return command.handler(request, rest)

    def _split(self, text: str) -> tuple[str | None, str]:
        """`split_command`, except that a line asking a question after the word of a command
        that takes no questions is the question (`Command.takes_questions`)."""
        sub, rest = split_command(text, self.command_names())
        if sub is None or "?" not in text or text.lstrip().startswith("/"):
            return sub, rest
        canonical = self._names.get(sub)
        command = self._commands.get(canonical) if canonical is not None else None
        if command is None or command.takes_questions or len(text.split()) < QUESTION_WORDS:
            return sub, rest
        return None, text.strip()

    def _dispatch_action(self, request: Request, action: Action) -> Reply:
        prefix = action.action_id.split(".", 1)[0]
        handler = self._actions.get(prefix)
        if handler is None:
            return Reply(
                text="That button is no longer valid. Type `help` to see what I can do.",
                tone=Tone.WARNING,
            )
        return handler(request, action)

    def _notices(self, who: Identity) -> Reply | None:
        for hook in self._hooks:
            notice = hook(who)
            if notice is not None:
                return notice
        return None

    # -- built-in commands ------------------------------------------------------------------

    def _ask(self, request: Request, question: str) -> Reply:
        question = question.strip()
        if not question:
            return Reply(
                text="Ask me about something you're planning after an interview, for example:",
                sections=(Section("ask is it okay to add my interviewer on LinkedIn?"),),
                tone=Tone.INFO,
            )
        claimed = self._claimed(question)
        if claimed is not None:
            handler, found = claimed
            return handler(request, found)
        advice = self.advisor.advise(question)
        return didnt_catch(question, advice.verdict) or advice_reply(advice)

    def _advice_choice(self, request: Request, action: Action) -> Reply:
        """The answer to a clarifying question: the chosen rule's own advice."""
        chosen = None
        if isinstance(self.advisor, ChosenAdvice):
            chosen = self.advisor.advise_rule(action.value[:200])
        if chosen is None:
            return Reply(
                text="That choice is no longer valid. Ask your question again, please.",
                tone=Tone.WARNING,
            )
        return advice_reply(chosen)

    def _help(self, request: Request, _rest: str) -> Reply:
        lines = [f"{c.usage} — {c.summary}" for c in self._commands.values()]
        examples = [e for c in self._commands.values() for e in c.examples]
        sections = [Section("\n".join(lines), title="Commands")]
        if examples:
            sections.append(Section("\n".join(examples), title="Examples"))
        sections.append(
            Section(
                'Or just ask a question in your own words, like "should I send flowers to '
                'the interviewer?"'
                + (
                    ", or paste a note you are about to send and I will read it."
                    if self._claims
                    else ""
                )
                + " Everything I say about your job hunt is private to you.",
                title="Questions",
            )
        )
        return Reply(
            text="I'm Afterview, your coach for the days after a job interview.",
            sections=tuple(sections),
            tone=Tone.INFO,
        )

    def _unknown(self, name: str) -> Reply:
        known = ", ".join(c.name for c in self._commands.values())
        shown = name[:40]
        return Reply(
            text=f"I don't know the command “{shown}”.",
            sections=(Section(f"Commands I know: {known}. Type `help` for examples."),),
            tone=Tone.WARNING,
        )


def _too_long(length: int, limit: int) -> Reply:
    return Reply(
        text=f"That message is too long for me ({length} characters; the limit is {limit}). "
        "Could you ask it in a sentence or two?",
        tone=Tone.WARNING,
    )


def _prepend(notice: Reply, reply: Reply) -> Reply:
    return Reply(
        text=reply.text,
        sections=(Section(notice.plain(), title="Heads-up"), *reply.sections),
        controls=reply.controls,
        tone=reply.tone,
        private=reply.private,
        verdict=reply.verdict,
        form=reply.form,
        files=reply.files,
    )
