"""A core `Form` in the terminal: one prompt per input, answered line by line.

A long text is read until two blank lines in a row or a line with only "." on it, so that a note
of several paragraphs pasted line by line arrives whole; any other input is one line, where a
blank line keeps
the value shown in brackets, skips an optional input, or (on a required one with nothing to
keep) leaves the form. A line that starts with the form's own command or a slash is a command
typed instead, so ``interviewed Acme today 3pm`` at the first prompt does what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import Form, Identity, Input, InputKind, Request

LEFT = "Left the form; nothing was saved."
TEXT_END = "."
"""A line with only this on it ends a long text."""


def text_ends(lines: list[str], line: str) -> bool:
    """Whether `line` ends a long text: a lone ".", or a second blank line in a row (one blank
    line is a paragraph break and is kept)."""
    if line.strip() == TEXT_END:
        return True
    return not line.strip() and bool(lines) and not lines[-1].strip()


@dataclass
class Filled:
    """The form is complete: this is its answer."""

    request: Request


@dataclass
class Left:
    """The person left the form; `line`, if any, is a command to read as typed."""

    line: str | None = None


@dataclass
class FormFiller:
    form: Form
    who: Identity
    _at: int = 0
    _values: dict[str, str] = field(default_factory=dict)
    _lines: list[str] = field(default_factory=list)

    @property
    def current(self) -> Input:
        return self.form.inputs[self._at]

    def prompt(self) -> str:
        """What to ask next, e.g. ``Day [2026-12-01]:`` or ``Role (optional):``."""
        now = self.current
        if now.kind is InputKind.LONG:
            return f"{now.label} (end with two blank lines or a lone {TEXT_END}):"
        if now.initial:
            return f"{now.label} [{now.initial}]:"
        return f"{now.label}:" if now.required else f"{now.label} (optional):"

    def take(self, line: str) -> Filled | Left | None:
        """Read one line; None while more is wanted (the caller shows `prompt()` again when
        the input changed: see `asked_next`)."""
        now = self.current
        text = line.rstrip("\r\n")
        if now.kind is InputKind.LONG:
            if not text_ends(self._lines, text):
                self._lines.append(text)
                return None
            return self._next("\n".join(self._lines).strip("\n"))
        typed = text.strip()
        first = typed.split(maxsplit=1)[0].lower() if typed else ""
        if first.startswith("/") or first == self.form.command:
            return Left(typed)
        if not typed and now.required and not now.initial:
            return Left()
        return self._next(typed or now.initial)

    def _next(self, value: str) -> Filled | None:
        self._values[self.current.name] = value[: self.current.max_length]
        self._lines = []
        self._at += 1
        if self._at < len(self.form.inputs):
            return None
        return Filled(self.form.answer(self.who, self._values))

    @property
    def asked_next(self) -> bool:
        """True when the last line moved on to a new input (so its prompt is due)."""
        return not self._lines
