"""Turn the advisor's `Advice` into the `Reply` a user sees."""

from __future__ import annotations

from bot.core.messages import Advice, Button, Reply, Section, Tone, Verdict

MARKS: dict[Verdict, str] = {
    Verdict.OK: "✅ OK",
    Verdict.CAUTION: "⚠️ Careful",
    Verdict.AVOID: "⛔ Avoid",
    Verdict.OUT_OF_SCOPE: "🤷 Not my area",
}

TONES: dict[Verdict, Tone] = {
    Verdict.OK: Tone.OK,
    Verdict.CAUTION: Tone.CAUTION,
    Verdict.AVOID: Tone.AVOID,
    Verdict.OUT_OF_SCOPE: Tone.INFO,
}

CLARIFY_ACTION = "advice.clarify"
"""The button of a clarifying question; its value is the id of the rule the answer stands for."""

SCOPE_HELP = (
    "I coach on what to do (and not do) after a job interview: thank-you notes, following up, "
    "LinkedIn and social media, references, offers and negotiating, resigning, rejections, "
    'withdrawing, and keeping your search going. Try: "Is it okay to add my interviewer on '
    'LinkedIn?"'
)


def advice_reply(advice: Advice) -> Reply:
    """Verdict first, then why, then the better move: every answer says why and what instead."""
    mark = MARKS[advice.verdict]
    if advice.verdict is Verdict.OUT_OF_SCOPE:
        sections = [Section(advice.why or "That question is outside what I coach on.")]
        sections.append(Section(advice.instead or SCOPE_HELP, title="What I can help with"))
        return Reply(
            text=f"{mark}: that's not something I coach on.",
            sections=tuple(sections),
            tone=TONES[advice.verdict],
            verdict=advice.verdict,
        )
    if advice.clarify is not None:
        return _clarify_reply(advice)
    headline = f"{mark}: {advice.title}" if advice.title else mark
    instead_title = "How to do it well" if advice.verdict is Verdict.OK else "Better move"
    sections = [Section(advice.why, title="Why"), Section(advice.instead, title=instead_title)]
    if advice.source:
        sections.append(Section(advice.source, title="Source"))
    return Reply(
        text=headline,
        sections=tuple(sections),
        tone=TONES[advice.verdict],
        verdict=advice.verdict,
    )


def _clarify_reply(advice: Advice) -> Reply:
    """One short question with a button per answer, instead of both sides at length."""
    assert advice.clarify is not None
    clarify = advice.clarify
    buttons = tuple(Button(label, CLARIFY_ACTION, rule_id) for label, rule_id in clarify.options)
    lines = [
        f"{label}: {hint}" for (label, _), hint in zip(clarify.options, clarify.hints, strict=False)
    ]
    lines.append("Pick the answer that fits, and I'll tell you what to do.")
    return Reply(
        text=f"{MARKS[Verdict.CAUTION]}: it depends on one thing. {advice.clarify.question}",
        sections=(Section("\n".join(lines), title="Which is it?"),),
        controls=buttons,
        tone=TONES[Verdict.CAUTION],
        verdict=Verdict.CAUTION,
    )
