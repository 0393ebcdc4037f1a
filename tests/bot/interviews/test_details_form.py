"""The "Add interviewers and role" button and form: offered only when a detail is missing,
answered by the same ``edit`` a user types, and only for the user's own interview."""

from __future__ import annotations

from bot.core.messages import Button, Control, Request
from bot.interviews.details_form import ACTION
from bot.services import Services
from tests.bot.interviews.conversation import click
from tests.nudge_support import user


def _details_buttons(reply_controls: tuple[Control, ...]) -> list[Button]:
    return [c for c in reply_controls if isinstance(c, Button) and c.action_id == ACTION]


def test_offered_only_when_a_detail_is_missing(services: Services) -> None:
    bare = services.coach.handle(_typed("interviewed Acme today 9am"))
    [button] = _details_buttons(bare.controls)
    [interview] = services.tracker.interviews(user())
    assert button.value == str(interview.id)
    full = services.coach.handle(_typed("interviewed Globex today 10am with Dana for SRE"))
    assert _details_buttons(full.controls) == []


def test_the_forms_answer_edits_the_interview(services: Services) -> None:
    services.coach.handle(_typed("interviewed Acme today 9am for Analyst"))
    [interview] = services.tracker.interviews(user())
    opened = click(services, ACTION, str(interview.id))
    assert opened.form is not None
    assert [i.initial for i in opened.form.inputs] == ["", "Analyst"]
    answer = opened.form.answer(user(), {"interviewer": "Dana Lee and Sam Roe", "role": ""})
    edited = services.coach.handle(answer)
    assert edited.text.startswith("Updated")
    [after] = services.tracker.interviews(user())
    assert (after.interviewers, after.role) == (("Dana Lee", "Sam Roe"), "Analyst")


def test_someone_elses_interview_is_refused(services: Services) -> None:
    services.coach.handle(_typed("interviewed Acme today 9am"))
    [interview] = services.tracker.interviews(user())
    other = user("mallory")
    assert click(services, ACTION, str(interview.id), who=other).form is None
    opened = click(services, ACTION, str(interview.id))
    assert opened.form is not None
    forged = services.coach.handle(opened.form.answer(other, {"role": "Owner"}))
    assert "couldn't find" in forged.text
    [after] = services.tracker.interviews(user())
    assert (after.interviewers, after.role) == ((), None)


def _typed(text: str) -> Request:
    return Request(who=user(), text=text)
