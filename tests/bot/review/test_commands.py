"""`review` and `draft` through the real coach, tracker and SQLite file; the nudge's buttons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.core.messages import Action, Button, Reply, Request, Verdict
from bot.db.models import Interview, Nudge
from bot.nudges.reply import controls_for
from bot.services import Services
from tests.nudge_support import SHIPPED_PLAN, Clock, build_services, user

NOTE = (
    "Dear Dana,\n\nThank you for meeting with me about the Data Engineer role at Acme. "
    "I enjoyed our conversation about the streaming migration.\n\nBest regards,\nSam"
)


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    clock = Clock(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))
    built = build_services(sqlite_url, plan=SHIPPED_PLAN, clock=clock, timezone="Europe/Paris")
    yield built
    built.close()


def say(services: Services, text: str, **fields: str) -> Reply:
    return services.coach.handle(Request(who=user(), text=text, fields=fields))


def register(services: Services) -> int:
    say(services, "interviewed Acme today 9am with Dana Lee for Data Engineer")
    with services.sessions() as session:
        return int(session.scalar(select(func.max(Interview.id))) or 0)


def test_review_alone_asks_for_the_note_in_a_form(services: Services) -> None:
    reply = say(services, "review")
    assert reply.form is not None
    assert reply.form.command == "review"


def test_review_checks_against_the_latest_interview(services: Services) -> None:
    register(services)
    ok = say(services, "review " + NOTE)
    assert ok.verdict is Verdict.OK, ok.plain()
    wrong = say(services, "review " + NOTE.replace("Dear Dana", "Dear Dan"))
    assert wrong.verdict is Verdict.AVOID
    assert "“Dan”" in wrong.plain()
    assert "your interview at Acme" in wrong.plain()


def test_a_form_submission_names_its_interview_and_may_be_long(services: Services) -> None:
    interview = register(services)
    essay = NOTE.replace("Best regards", "More. " * 700 + "Best regards")
    assert len(essay) > 2000
    reply = say(services, "review " + essay, interview=str(interview))
    assert reply.verdict is Verdict.CAUTION
    assert "far too long" in reply.plain()


def test_a_note_pasted_as_a_question_is_reviewed_and_a_question_is_answered(
    services: Services,
) -> None:
    register(services)
    reviewed = say(services, "can I send this? " + NOTE.replace("Dear Dana", "Dear Dan"))
    assert reviewed.verdict is Verdict.AVOID
    assert "“Dan”" in reviewed.plain()
    assert "your interview at Acme" in reviewed.plain()
    asked = say(services, "Hi, is it ok to send my interviewer flowers to say thanks for the chat?")
    assert "Read as a" not in asked.plain()  # the advisor's answer (here one that abstains)
    assert asked.verdict is Verdict.OUT_OF_SCOPE


def test_someone_elses_interview_is_refused(services: Services) -> None:
    reply = say(services, "review 999\n" + NOTE)
    assert reply.text.startswith("I couldn't find interview #999")


def test_draft_thank_you_with_topics(services: Services) -> None:
    interview = register(services)
    reply = say(services, f"draft thank-you {interview} topics: data pipeline, the Berlin team")
    body = reply.plain()
    assert "Dear Dana," in body
    assert "data pipeline and the Berlin team" in body
    assert "the Data Engineer role at Acme" in body
    assert any(isinstance(c, Button) and c.action_id == "note.review" for c in reply.controls)


def test_draft_without_an_interview_says_what_to_do(services: Services) -> None:
    assert "interview first" in say(services, "draft thank-you").text
    assert "Which note" in say(services, "draft poem").text


def test_thank_you_nudge_buttons_draft_and_review(services: Services) -> None:
    interview = register(services)
    with services.sessions() as session:
        nudge = int(
            session.scalar(
                select(Nudge.id).where(
                    Nudge.interview_id == interview, Nudge.step_id == "thank_you"
                )
            )
            or 0
        )
    step = next(s for s in services.plan.steps if s.id == "thank_you")
    labels = [c.label for c in controls_for(step.controls, nudge) if isinstance(c, Button)]
    assert "Draft it for me" in labels
    assert "Review my draft" in labels
    drafted = services.coach.handle(Request(who=user(), action=Action("note.draft", f"n{nudge}")))
    assert "Dear Dana," in drafted.plain()
    form = services.coach.handle(Request(who=user(), action=Action("note.review", f"n{nudge}")))
    assert form.form is not None
    assert dict(form.form.fields) == {"interview": str(interview)}
    stranger = services.coach.handle(
        Request(who=user("someone-else"), action=Action("note.draft", f"n{nudge}"))
    )
    assert stranger.text.startswith("I couldn't find")
