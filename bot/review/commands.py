"""The ``review`` and ``draft`` commands and the ``note.*`` buttons, installed on the `Coach`.

``review [ID]`` followed by a note reviews it (against interview ID, or the latest one);
``review`` alone opens a dialog for the note. ``draft KIND [ID] [topics: A, B]`` writes a
draft from what was captured at ``interviewed``. The buttons ``note.review`` and ``note.draft``
carry ``i<interview id>`` or ``n<nudge id>``, looked up among the acting user's rows only.
Nothing pasted is stored or logged.
"""

from __future__ import annotations

import re

from bot.core.coach import Coach, Command
from bot.core.messages import Action, Identity, Reply, Request
from bot.interviews.args import parse_id
from bot.interviews.replies import refusal, usage
from bot.interviews.service import InterviewView, Tracker
from bot.review.checkfile import ReviewRules
from bot.review.drafts import write_drafts
from bot.review.pasted import pasted_note
from bot.review.reply import drafts_reply, review_prompt, review_reply
from bot.review.reviewer import Reviewer
from bot.review.values import KINDS, MAX_NOTE, NoteContext

KIND_NAMES: dict[str, str] = {
    "thank-you": "thank-you",
    "thankyou": "thank-you",
    "thanks": "thank-you",
    "thank": "thank-you",
    "follow-up": "follow-up",
    "followup": "follow-up",
    "follow": "follow-up",
    "rejection-reply": "rejection-reply",
    "rejection": "rejection-reply",
    "rejected": "rejection-reply",
    "withdraw": "withdraw",
    "withdrawal": "withdraw",
    "withdrawing": "withdraw",
}
DRAFT_EXAMPLES = (
    "draft thank-you",
    "draft thank-you 12 topics: data pipeline, the Berlin team",
    "draft follow-up 12",
    "draft rejection-reply",
    "draft withdraw",
)
_LEADING_ID = re.compile(r"^\s*#?(\d{1,9})(?:\s*\n|\s+|$)")
_DRAFT = re.compile(
    r"^\s*(?P<kind>[a-z-]+)(?:\s+you)?(?:\s+#?(?P<id>\d{1,9}))?\s*"
    r"(?:(?:topics?|about)\s*:?\s*(?P<topics>.*))?$",
    re.IGNORECASE | re.DOTALL,
)


class ReviewCommands:
    """Turns ``review``/``draft`` commands and clicks into reviews and drafts."""

    def __init__(self, reviewer: Reviewer, tracker: Tracker | None = None) -> None:
        self.reviewer = reviewer
        self.tracker = tracker

    @property
    def rules(self) -> ReviewRules:
        return self.reviewer.rules

    def install(self, coach: Coach) -> None:
        coach.register(
            Command(
                "review",
                "review [ID] NOTE",
                "I read your thank-you or follow-up note before you send it",
                self.review,
                aliases=("proofread",),
                examples=("review Dear Dana, thank you for ...",),
                max_text=MAX_NOTE + 20,
                takes_questions=True,
            )
        )
        coach.register(
            Command(
                "draft",
                "draft thank-you|follow-up|rejection-reply|withdraw [ID] [topics: A, B]",
                "a short note to start from, with the names from your interview",
                self.draft,
                examples=DRAFT_EXAMPLES[1:2],
                takes_questions=True,
            )
        )
        coach.on_action("note", self.on_note_action)
        coach.claim_questions(pasted_note, self.review)  # "can I send this? Dear Dana, ..."

    # -- review -----------------------------------------------------------------------------------

    def review(self, request: Request, rest: str) -> Reply:
        interview_id = parse_id(request.fields.get("interview", "")) if request.fields else None
        match = _LEADING_ID.match(rest)
        if match and interview_id is None:
            interview_id, rest = int(match.group(1)), rest[match.end() :]
        if not rest.strip():
            return review_prompt(interview_id)
        interview = self._interview(request.who, interview_id)
        if interview_id is not None and interview is None:
            return refusal(f"interview #{interview_id}")
        context = NoteContext()
        against = None
        if interview is not None:
            context = NoteContext(
                company=interview.company,
                interviewers=interview.interviewers,
                role=interview.role,
            )
            against = f"your interview at {interview.company} (#{interview.id})"
        return review_reply(self.reviewer.review(rest, context), self.rules, against)

    def _interview(self, who: Identity, interview_id: int | None) -> InterviewView | None:
        if self.tracker is None:
            return None
        if interview_id is not None:
            return self.tracker.interview(who, interview_id)
        active = self.tracker.interviews(who)
        return max(active, key=lambda i: i.at) if active else None

    # -- draft ------------------------------------------------------------------------------------

    def draft(self, request: Request, rest: str) -> Reply:
        match = _DRAFT.match(rest)
        kind = KIND_NAMES.get(match.group("kind").lower()) if match else None
        if match is None or kind is None or kind not in self.rules.drafts:
            return usage("Which note should I draft? For example:", DRAFT_EXAMPLES)
        interview_id = parse_id(match.group("id") or "") if match.group("id") else None
        topics = tuple(t for t in re.split(r"[,;\n]", match.group("topics") or "") if t.strip())
        return self._draft(request.who, kind, interview_id, topics)

    def _draft(
        self, who: Identity, kind: str, interview_id: int | None, topics: tuple[str, ...] = ()
    ) -> Reply:
        interview = self._interview(who, interview_id)
        if interview is None:
            if interview_id is not None:
                return refusal(f"interview #{interview_id}")
            return usage(
                "Tell me about the interview first, so the draft has the right names:",
                ("interviewed Acme yesterday 3pm with Dana Lee for Data Engineer",),
            )
        spec = self.rules.drafts[kind]
        drafts = write_drafts(
            spec, interview.company, interview.interviewers, interview.role, topics
        )
        return drafts_reply(spec.title, drafts, interview.id, bool(topics))

    # -- buttons ----------------------------------------------------------------------------------

    def on_note_action(self, request: Request, action: Action) -> Reply:
        verb = action.action_id.partition(".")[2]
        interview_id = self._interview_of(request.who, action.value)
        if interview_id is None or verb not in ("review", "draft"):
            return refusal("that interview")
        if verb == "review":
            return review_prompt(interview_id)
        return self._draft(request.who, "thank-you", interview_id)

    def _interview_of(self, who: Identity, value: str) -> int | None:
        """``i12`` names interview 12, ``n41`` the interview of nudge 41 (if it is theirs)."""
        if self.tracker is None or len(value) < 2:
            return None
        number = parse_id(value[1:])
        if number is None:
            return None
        if value[0] == "i":
            return number if self.tracker.interview(who, number) is not None else None
        if value[0] == "n":
            return self.tracker.interview_of_nudge(who, number)
        return None


def install(coach: Coach, reviewer: Reviewer, tracker: Tracker | None = None) -> ReviewCommands:
    commands = ReviewCommands(reviewer, tracker)
    commands.install(coach)
    return commands


__all__ = ["KINDS", "ReviewCommands", "install"]
