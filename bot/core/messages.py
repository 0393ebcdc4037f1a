"""Plain typed values shared by the core and every adapter.

Nothing here knows about Slack, Discord or the database: adapters turn platform events into a
`Request` and render a `Reply` their own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    """How the advisor judges a planned action."""

    OK = "ok"
    CAUTION = "caution"
    AVOID = "avoid"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is talking: one user of one workspace (Slack team, Discord guild or DM) on one platform.

    A user is keyed by platform and user id alone where the platform's ids are global (Discord);
    `workspace` keeps Slack users of different teams apart.
    """

    platform: str
    workspace: str
    user: str


@dataclass(frozen=True, slots=True)
class Advice:
    """The advisor's answer to an "is it okay to ...?" question."""

    question: str
    verdict: Verdict
    rule_id: str | None
    why: str
    instead: str
    confidence: float
    title: str | None = None
    topic: str | None = None
    source: str | None = None
    clarify: Clarify | None = None
    """Set when one qualifier decides the verdict: a short question to ask back instead."""


@dataclass(frozen=True, slots=True)
class Clarify:
    """One short question asked back, each answer naming the rule that then applies."""

    question: str
    options: tuple[tuple[str, str], ...]
    """(label, rule id) per answer."""
    hints: tuple[str, ...] = ()
    """Per answer, what the advice then is in a few words (for where buttons don't show)."""


@dataclass(frozen=True, slots=True)
class Action:
    """A button click or menu choice, as the core defined it in an earlier `Reply`."""

    action_id: str
    value: str


@dataclass(frozen=True, slots=True)
class Request:
    """One thing a user asked of the bot, in platform-neutral form.

    `command` is the command name without a slash (``"interviewed"``, ``"ask"``, ``"help"``...)
    or ``None`` for free text (a DM or a mention); `text` is what followed it. `fields` carries
    structured options where the platform has them (Discord slash-command options), `tz_hint`
    the user's timezone when the platform knows it, and `action` a click on one of our buttons.
    """

    who: Identity
    text: str = ""
    command: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    action: Action | None = None
    tz_hint: str | None = None


class Tone(StrEnum):
    """How an adapter may colour a reply or a section."""

    PLAIN = "plain"
    OK = "ok"
    CAUTION = "caution"
    AVOID = "avoid"
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Section:
    """A titled block of plain text. Adapters escape `text` and `title` for their markup."""

    text: str
    title: str | None = None


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    """A button; clicking it comes back as `Action(action_id, value)`."""

    label: str
    action_id: str
    value: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Menu:
    """A drop-down; picking an option comes back as `Action(action_id, option value)`."""

    placeholder: str
    action_id: str
    options: tuple[Choice, ...]


Control = Button | Menu


class InputKind(StrEnum):
    """What a form input asks for; each platform shows it its own way (a Slack date picker, a
    Discord text box, a terminal prompt). Dates come back as text the time grammar reads
    (``2026-11-20`` from a picker, ``yesterday`` typed); times likewise (``14:00``, ``3pm``)."""

    SHORT = "short"
    LONG = "long"
    DATE = "date"
    TIME = "time"


TEXT_INPUT = "text"
"""The input whose answer becomes `Request.text`; every other input's goes in `Request.fields`."""


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a `Form`. `initial` is shown filled in; an empty optional input is left out
    of the answer."""

    name: str
    label: str
    kind: InputKind = InputKind.SHORT
    required: bool = True
    initial: str = ""
    placeholder: str = ""
    max_length: int = 3000


@dataclass(frozen=True, slots=True)
class Form:
    """A dialog to fill in: a Slack or Discord modal, or prompts one after another in the
    terminal. What the person writes comes back as `answer` builds it: the command, the
    ``text`` input as the text, the other inputs and the hidden `fields` as fields."""

    title: str
    command: str
    inputs: tuple[Input, ...]
    submit: str = "Send"
    fields: tuple[tuple[str, str], ...] = ()

    def answer(self, who: Identity, values: dict[str, str], tz_hint: str | None = None) -> Request:
        """The `Request` for a submitted form: only this form's inputs are read, so a
        forged submission can add no field of its own."""
        given = {i.name: values.get(i.name, "").strip() for i in self.inputs}
        text = given.pop(TEXT_INPUT, "")
        fields = dict(self.fields)
        fields.update({name: value for name, value in given.items() if value})
        return Request(who=who, text=text, command=self.command, fields=fields, tz_hint=tz_hint)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply (an export): adapters deliver it privately, never in a channel."""

    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the core answers, in neutral form.

    `text` is a one-line summary (notification text, fallback); `sections` hold the body;
    `controls` the buttons and menus; `form`, a dialog to open; `invalid`, the inputs of the
    form just submitted that were wrong, each with why (a platform that can, shows them in the
    still-open dialog instead of the reply). All strings
    are plain text: adapters escape them for their markup and never let them mention anyone.
    `private` is True for anything about a user's job hunt, which is nearly everything:
    adapters answer ephemerally or by DM.
    """

    text: str
    sections: tuple[Section, ...] = ()
    controls: tuple[Control, ...] = ()
    tone: Tone = Tone.PLAIN
    private: bool = True
    verdict: Verdict | None = None
    form: Form | None = None
    invalid: tuple[tuple[str, str], ...] = ()
    files: tuple[Attachment, ...] = ()

    def plain(self) -> str:
        """The whole reply as plain text, for terminals, logs and tests."""
        parts = [self.text]
        for section in self.sections:
            parts.append(f"{section.title}\n{section.text}" if section.title else section.text)
        return "\n\n".join(p for p in parts if p)
