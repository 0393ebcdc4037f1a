"""Two terminal identities (``afterview chat --user NAME``) link into one job hunt, choose
where nudges go, and export to files the terminal says where it wrote."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from adapters.console.chat import ConsoleChat, local_identity
from bot.services import Services
from tests.nudge_support import Clock, build_services


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    built = build_services(sqlite_url, clock=Clock())
    yield built
    built.close()


def chat(services: Services, name: str, folder: Path) -> tuple[ConsoleChat, io.StringIO]:
    out = io.StringIO()
    return (
        ConsoleChat(
            services.coach, local_identity(name), stdin=io.StringIO(), stdout=out, files_dir=folder
        ),
        out,
    )


def test_two_terminal_users_link_and_share_one_list(services: Services, tmp_path: Path) -> None:
    ada, _ = chat(services, "ada", tmp_path / "ada")
    work, _ = chat(services, "ada-at-work", tmp_path / "work")
    assert ada.who != work.who
    ada.respond("interviewed Acme today 11:00 with Dana Lee")
    code = ada.respond("link").text.split(": ")[1]
    linked = work.respond(f"link {code}").plain()
    assert "Linked" in linked
    assert "the terminal (2 accounts)" in linked
    assert "Acme" in work.respond("list").plain()
    assert "Nudges now go to the terminal" in work.respond("settings nudges terminal").plain()
    assert "Unlinked" in work.respond("unlink").plain()
    assert "no active interviews" in work.respond("list").plain()
    assert "Acme" in ada.respond("list").plain()


def test_export_writes_owner_only_files_and_says_where(services: Services, tmp_path: Path) -> None:
    ada, out = chat(services, "ada", tmp_path / "exports")
    ada.respond("interviewed Acme today 11:00 with Dana Lee")
    ada.show(ada.respond("export"))
    shown = out.getvalue()
    assert "FILES" in shown
    written = sorted((tmp_path / "exports").iterdir())
    assert [p.suffix for p in written] == [".json", ".ics"]
    for path in written:
        assert str(path) in shown
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    document = json.loads(written[0].read_text())
    assert document["interviews"][0]["interviewers"] == ["Dana Lee"]
    calendar = icalendar.Calendar.from_ical(written[1].read_bytes())
    assert all(str(e["SUMMARY"]) == "Follow-up reminder" for e in calendar.walk("VEVENT"))
