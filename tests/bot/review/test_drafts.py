"""Drafts carry the interview's names and pass the reviewer with no findings."""

from __future__ import annotations

import pytest

from bot.review.drafts import write_drafts
from bot.review.reviewer import Reviewer
from bot.review.values import NoteContext

REVIEWER = Reviewer.from_dir()


@pytest.mark.parametrize("kind", ["thank-you", "follow-up", "rejection-reply", "withdraw"])
@pytest.mark.parametrize("topics", [(), ("data pipeline", "the Berlin team")])
@pytest.mark.parametrize("role", [None, "Data Engineer"])
def test_every_draft_passes_the_reviewer(
    kind: str, topics: tuple[str, ...], role: str | None
) -> None:
    people = ("Dana Lee", "Sam Ortiz")
    drafts = write_drafts(REVIEWER.rules.drafts[kind], "Acme", people, role, topics)
    assert drafts
    for draft in drafts:
        context = NoteContext(kind=kind, company="Acme", interviewers=people, role=role)
        review = REVIEWER.review(draft.text, context)
        assert review.findings == (), (draft.text, review.findings)
        assert "Acme" in draft.text
        for topic in topics:
            assert topic in draft.text


def test_a_thank_you_goes_to_each_interviewer_by_first_name() -> None:
    drafts = write_drafts(REVIEWER.rules.drafts["thank-you"], "Acme", ("Dr. Dana Lee", "Sam"), None)
    assert [d.to for d in drafts] == ["Dr. Dana Lee", "Sam"]
    assert drafts[0].text.startswith("Dear Dana,")
    assert drafts[1].text.startswith("Dear Sam,")


def test_user_text_is_tidied_and_never_read_as_a_template() -> None:
    spec = REVIEWER.rules.drafts["follow-up"]
    (draft,) = write_drafts(spec, "Ac{role}me\x1b[31m", (), None, ("{company}",))
    assert "{role}" not in draft.text.replace("Ac{role}me", "")
    assert "\x1b" not in draft.text
    assert draft.text.startswith("Dear Ac{role}me [31m team,")
