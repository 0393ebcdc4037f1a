"""A review or a set of drafts -> the private `Reply` a person sees."""

from __future__ import annotations

from bot.core.messages import (
    TEXT_INPUT,
    Button,
    ButtonStyle,
    Form,
    Input,
    InputKind,
    Reply,
    Section,
    Tone,
    Verdict,
)
from bot.review.checkfile import ReviewRules
from bot.review.drafts import Draft
from bot.review.values import MAX_NOTE, Review

HEADLINES = {
    "ok": "✅ Looks good to send.",
    "caution": "⚠️ A few things to fix before you send it.",
    "avoid": "⛔ Don't send it like this.",
}
VERDICTS = {"ok": Verdict.OK, "caution": Verdict.CAUTION, "avoid": Verdict.AVOID}
TONES = {"ok": Tone.OK, "caution": Tone.CAUTION, "avoid": Tone.AVOID}
NOT_KEPT = "I don't keep what you paste: it is gone once this review is shown."


def review_reply(review: Review, rules: ReviewRules, checked_against: str | None = None) -> Reply:
    sections: list[Section] = []
    for check in dict.fromkeys(f.check for f in review.findings):
        spec = rules.checks[check]
        lines = [f"“{f.excerpt}” — {f.suggestion}" for f in review.findings if f.check == check]
        sections.append(Section("\n".join(lines), title=f"{spec.title} (rule {spec.rule})"))
    if review.hidden:
        sections.append(Section(f"…and {review.hidden} more small slip(s) like these."))
    if review.verdict == "ok":
        sections.append(
            Section(
                "It is warm, specific and professional. Send it today, one note per interviewer."
            )
        )
    about = f"Read as a {review.kind} note"
    if checked_against:
        about += f", checked against {checked_against}"
    sections.append(Section(f"{about}. {NOT_KEPT}"))
    return Reply(
        text=HEADLINES[review.verdict],
        sections=tuple(sections),
        tone=TONES[review.verdict],
        verdict=VERDICTS[review.verdict],
    )


def review_form(interview_id: int | None = None) -> Form:
    """The dialog that asks for the note to review."""
    fields = (("interview", str(interview_id)),) if interview_id is not None else ()
    note = Input(
        TEXT_INPUT,
        "Paste your note",
        InputKind.LONG,
        placeholder="Dear Dana, thank you for ...",
        max_length=MAX_NOTE,
    )
    return Form(
        title="Review my note", command="review", inputs=(note,), submit="Review", fields=fields
    )


def review_prompt(interview_id: int | None = None) -> Reply:
    return Reply(
        text="Paste the note you want me to read over.",
        sections=(
            Section(
                "A thank-you note, a follow-up, a reply to a rejection, a withdrawal or a "
                "LinkedIn message. In the terminal, end it with two blank lines or a line with "
                "only a dot (.). " + NOT_KEPT
            ),
        ),
        tone=Tone.INFO,
        form=review_form(interview_id),
    )


def drafts_reply(title: str, drafts: list[Draft], interview_id: int, topics: bool) -> Reply:
    sections = [Section(d.text, title=f"To {d.to}") for d in drafts]
    hint = "Add your name under the sign-off."
    if not topics:
        hint += (
            " Make it yours: add one thing you talked about, or ask me again with topics, "
            f"for example: draft thank-you {interview_id} topics: the data pipeline"
        )
    sections.append(Section(hint, title="Before you send it"))
    return Reply(
        text=f"{title}, ready to edit.",
        sections=tuple(sections),
        controls=(
            Button("Review my draft", "note.review", f"i{interview_id}", ButtonStyle.PRIMARY),
        ),
        tone=Tone.INFO,
    )


def review_record(review: Review, reply: Reply) -> dict[str, object]:
    """The `afterview review --json` object; other tools depend on its exact shape."""
    return {
        "verdict": review.verdict,
        "findings": [
            {"check": f.check, "excerpt": f.excerpt, "suggestion": f.suggestion}
            for f in review.findings
        ],
        "answer": reply.plain(),
    }
