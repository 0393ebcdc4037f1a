"""`export`, and `forget-me` through the privacy service, on the `Coach`."""

from __future__ import annotations

from bot.core.coach import Coach, Command
from bot.core.messages import Reply, Request, Section, Tone
from bot.interviews.commands import InterviewCommands
from bot.privacy.service import Privacy


class PrivacyCommands:
    def __init__(self, privacy: Privacy) -> None:
        self.privacy = privacy

    def install(self, coach: Coach, interviews: InterviewCommands | None = None) -> None:
        coach.register(
            Command(
                "export",
                "export",
                "everything I store about you, as files (JSON and a calendar)",
                self.export,
                aliases=("my-data",),
            )
        )
        if interviews is not None:
            interviews.forget = self.privacy.forget

    def export(self, request: Request, _rest: str) -> Reply:
        exported = self.privacy.export(request.who)
        document = exported.document
        interviews = document["interviews"]
        count = len(interviews) if isinstance(interviews, list) else 0
        accounts = document["identities"]
        linked = len(accounts) if isinstance(accounts, list) else 1
        return Reply(
            text="Your data, as files only you receive.",
            sections=(
                Section(
                    f"{count} interview(s) from {linked} linked account(s): the JSON file has "
                    "everything I store about you; the calendar file has your upcoming "
                    "reminders and decision dates with neutral titles (\u201cFollow-up "
                    "reminder\u201d), safe for a shared calendar.",
                ),
                Section(self.privacy.retention.describe(), title="How long I keep it"),
                Section("`forget-me` deletes all of it, on every linked account."),
            ),
            files=exported.files,
            tone=Tone.INFO,
        )
