"""The core's terminal forms named as Discord slash commands; nothing else of a reply changes."""

from __future__ import annotations

from adapters.discord.wording import for_discord, slash_named
from bot.core.messages import Attachment, Button, Reply, Section


def test_link_export_and_nudge_settings_are_named_as_slash_commands() -> None:
    text = "`link KXP4-7QRM` · `link` · `unlink` · `export` · `settings nudges discord`"
    assert slash_named(text) == (
        "`/link code:KXP4-7QRM` · `/link` · `/unlink` · `/export` · `/settings nudges:discord`"
    )
    assert slash_named("`settings timezone Europe/Paris`") == "`/settings`"


def test_files_and_controls_survive_the_rewording() -> None:
    files = (Attachment("a.json", b"{}", "application/json"),)
    reply = Reply(
        text="Your data",
        sections=(Section("`export` again any time"),),
        controls=(Button("Nudges to Slack", "account.nudges", "slack"),),
        files=files,
    )
    shown = for_discord(reply)
    assert shown.files == files
    assert shown.controls == reply.controls
    assert shown.sections[0].text == "`/export` again any time"


def test_a_typed_interview_line_becomes_the_options_form_not_a_broken_slash_line() -> None:
    shown = slash_named("Register one: `interviewed Acme today 2pm with Dana Lee`.")
    assert shown == "Register one: `/interviewed` (company, when, interviewer)."
    assert "/interviewed Acme" not in shown
    assert slash_named("`interviewed`") == "`/interviewed` (company, when, interviewer)"
    assert slash_named("`interviewedness`") == "`interviewedness`"


def test_a_question_hint_names_the_question_option() -> None:
    assert slash_named("`ask is it okay to call?`") == "`/ask question:is it okay to call?`"
    assert slash_named("`ask`") == "`/ask`"
