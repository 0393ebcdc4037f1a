"""The terminal chat: the first adapter, and what `make run` starts when no platform is set up.

Buttons become numbered choices (type the number to click), nudges print as they come due,
and nothing a user typed can drive the terminal: control characters are stripped on output.
"""

from __future__ import annotations

import asyncio
import getpass
import re
import shutil
import sys
import textwrap
import threading
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from adapters.console.files import default_folder, write_files
from adapters.console.form_filler import LEFT, Filled, FormFiller
from adapters.console.line_editor import edited_lines, is_terminal
from bot.core.coach import Coach
from bot.core.messages import Action, Button, Identity, Menu, Reply, Request, Section, Tone
from bot.core.ports import Delivery, RecipientUnreachable

PLATFORM = "console"
PROMPT = "you> "
GOODBYE = frozenset({"quit", "exit", "bye", ":q"})

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TONE_MARKS: dict[Tone, str] = {
    Tone.WARNING: "⚠️  ",
    Tone.INFO: "",
    Tone.PLAIN: "",
    Tone.OK: "",
    Tone.CAUTION: "",
    Tone.AVOID: "",
}


def clean(text: str) -> str:
    """Drop terminal control sequences and bidi overrides; keep newlines and tabs."""
    return _CONTROL_CHARS.sub("", text)


def local_identity(name: str | None = None) -> Identity:
    """The user of a terminal chat: `name` (``afterview chat --user NAME``, so two terminal
    identities can be linked) or whoever is logged in."""
    user = name
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "you"
    return Identity(platform=PLATFORM, workspace="local", user=user[:128])


class ConsoleChat:
    """A read-eval-print loop over `Coach.handle`, with numbered choices for buttons."""

    def __init__(
        self,
        coach: Coach,
        who: Identity | None = None,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        files_dir: Path | None = None,
    ) -> None:
        self.coach = coach
        self.who = who or local_identity()
        self.files_dir = files_dir or default_folder(self.who.user)
        self._in = stdin or sys.stdin
        self._given_out = stdout
        self._choices: dict[int, tuple[str, Action]] = {}
        self._next_choice = 1
        self._filler: FormFiller | None = None
        self.interactive = stdin is None and stdout is None and is_terminal()
        """A real terminal at both ends: line editing, history and wrapping to its width."""
        self._busy = False
        self._held: list[tuple[Reply, str | None]] = []

    @property
    def _out(self) -> TextIO:
        """Looked up at each write: prompt_toolkit swaps `sys.stdout` while a prompt is shown."""
        return self._given_out or sys.stdout

    # -- output -------------------------------------------------------------------------------

    def render(self, reply: Reply, heading: str | None = None) -> str:
        """The reply as terminal text; its controls get numbers the user can type."""
        lines: list[str] = []
        if heading:
            lines.append(f"── {heading} ──")
        lines.append(_TONE_MARKS[reply.tone] + clean(reply.text))
        for section in reply.sections:
            lines.append("")
            if section.title:
                lines.append(clean(section.title).upper())
            lines.extend("  " + clean(line) for line in section.text.splitlines())
        if reply.files:
            written = write_files(reply.files, self.files_dir)
            lines.append("")
            lines.append("FILES (only you can read them)")
            lines.extend(f"  {clean(str(path))}" for path in written)
        choices = self._number(reply)
        if choices:
            lines.append("")
            lines.append("  ".join(f"[{n}] {label}" for n, label in choices))
        text = "\n".join(lines)
        for number, label in choices:  # "choose “Delete everything”" -> "type 3"
            text = text.replace(f"choose “{label}”", f"type {number}")
        return self._wrap(text) if self.interactive else text

    def _wrap(self, text: str) -> str:
        """Long lines wrap at the terminal's width, keeping their indent."""
        width = max(shutil.get_terminal_size().columns - 1, 20)
        wrapped = []
        for line in text.splitlines():
            indent = line[: len(line) - len(line.lstrip(" "))]
            wrapped.append(
                textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False)
                if len(line) > width
                else line
            )
        return "\n".join(wrapped)

    def show(self, reply: Reply, heading: str | None = None) -> None:
        self._out.write(self.render(reply, heading) + "\n\n")
        self._out.flush()

    def deliver(self, reply: Reply, heading: str | None = None) -> None:
        """Show a nudge now, or right after the reply being worked on, never before it."""
        if self._busy:
            self._held.append((reply, heading))
        else:
            self.show(reply, heading)

    def _number(self, reply: Reply) -> list[tuple[int, str]]:
        shown: list[tuple[int, str]] = []
        for control in reply.controls:
            if isinstance(control, Button):
                shown.append(self._remember(clean(control.label), control.action_id, control.value))
            elif isinstance(control, Menu):
                for option in control.options:
                    label = f"{clean(control.placeholder).rstrip('…. ')}: {clean(option.label)}"
                    shown.append(self._remember(label, control.action_id, option.value))
        return shown

    def _remember(self, label: str, action_id: str, value: str) -> tuple[int, str]:
        number = self._next_choice
        self._next_choice += 1
        self._choices[number] = (label, Action(action_id=action_id, value=value))
        return number, label

    # -- input --------------------------------------------------------------------------------

    def request_for(self, line: str) -> Request:
        """A typed number that names a shown choice clicks it; anything else is a message."""
        text = line.strip()
        if text.isdigit() and int(text) in self._choices:
            _, action = self._choices[int(text)]
            return Request(who=self.who, action=action)
        return Request(who=self.who, text=text)

    def respond(self, line: str) -> Reply:
        return self._answer(self.request_for(line))

    def take(self, line: str) -> Reply | None:
        """Answer one line; while a form is open, lines answer its inputs (see `FormFiller`)."""
        filler = self._filler
        if filler is None:
            return self._answer(self.request_for(line))
        outcome = filler.take(line)
        if outcome is None:
            return Reply(text=filler.prompt(), tone=Tone.INFO) if filler.asked_next else None
        self._filler = None
        if isinstance(outcome, Filled):
            return self._answer(outcome.request)
        if outcome.line is not None:
            return self._answer(self.request_for(outcome.line))
        return Reply(text=LEFT, tone=Tone.INFO)

    def _answer(self, request: Request) -> Reply:
        reply = self.coach.handle(request)
        if reply.form is None or not reply.form.inputs:
            return reply
        self._filler = FormFiller(reply.form, self.who)
        return replace(reply, sections=(*reply.sections, Section(self._filler.prompt())))

    async def run(self) -> None:
        """Read lines until EOF or `quit`, answering each; nudges may print in between."""
        self.show(self.coach.handle(Request(who=self.who, command="help")))
        if self.interactive:
            async for line in edited_lines(PROMPT):
                if not await self._answer_line(line):
                    return
            return
        lines = self._start_reader()
        while True:
            self._out.write(PROMPT)
            self._out.flush()
            line = await lines.get()
            if not line:
                self._out.write("\n")
                return
            if not await self._answer_line(line):
                return

    async def _answer_line(self, line: str) -> bool:
        """Answer one line; False when the user said goodbye. Nudges that come due meanwhile
        wait until the answer is shown, so "Got it" always comes before its first nudge."""
        if line.strip().lower() in GOODBYE:
            self._out.write("Good luck! Your nudges are saved; I'll be here next time.\n")
            return False
        if not line.strip() and self._filler is None:
            return True
        self._busy = True
        try:
            reply = await asyncio.to_thread(self.take, line)
            if reply is not None:
                self.show(reply)
        finally:
            self._busy = False
            held, self._held = self._held, []
            for nudge, heading in held:
                self.show(nudge, heading)
        return True

    def _start_reader(self) -> asyncio.Queue[str]:
        """Read stdin on a daemon thread, so a blocked read never holds up shutdown."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str] = asyncio.Queue()

        def pump() -> None:
            while True:
                line = self._in.readline()
                loop.call_soon_threadsafe(queue.put_nowait, line)
                if not line:
                    return

        threading.Thread(target=pump, name="console-stdin", daemon=True).start()
        return queue


class ConsoleNotifier:
    """Delivers nudges for the terminal user by printing them into the chat."""

    def __init__(self, chat: ConsoleChat) -> None:
        self._chat = chat

    @property
    def platform(self) -> str:
        return PLATFORM

    async def send(self, delivery: Delivery) -> None:
        if delivery.recipient != self._chat.who:
            raise RecipientUnreachable("that user is not at this terminal")
        self._chat.deliver(delivery.reply, heading="Nudge")


class PrintNotifier:
    """For `afterview serve` without a terminal chat: nudges for console users go to stdout."""

    def __init__(self, stdout: TextIO | None = None) -> None:
        self._given_out = stdout

    @property
    def _out(self) -> TextIO:
        return self._given_out or sys.stdout

    @property
    def platform(self) -> str:
        return PLATFORM

    async def send(self, delivery: Delivery) -> None:
        who = delivery.recipient
        self._out.write(f"── Nudge for {clean(who.user)} ──\n{clean(delivery.reply.plain())}\n\n")
        self._out.flush()
