"""The privacy service: export, forget everywhere, workspace removal, retention.

`forget` deletes the person behind the acting identity, so every linked identity goes with
it, then whatever else names them: per-user OAuth installation records, their lines in a
delivery log (through `on_forget` hooks), and, on SQLite, the write-ahead log (checkpointed,
with secure delete on, so no copy of a deleted row lingers in the files).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.messages import Attachment, Identity
from bot.db import accounts, users
from bot.db import privacy as rows
from bot.db.interviews import delete_user
from bot.db.models import Installation, Interview, PlatformIdentity, User
from bot.interviews.preferences import has_preferences
from bot.interviews.views import Forgotten
from bot.privacy.export import export_document, export_json
from bot.privacy.ics import calendar_bytes
from bot.privacy.retention import Retention

log = logging.getLogger(__name__)

ForgetHook = Callable[[tuple[Identity, ...]], object]


@dataclass(frozen=True, slots=True)
class Export:
    document: dict[str, Any]
    files: tuple[Attachment, ...]


class Privacy:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        engine: Engine,
        *,
        retention: Retention | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._sessions = sessions
        self._engine = engine
        self.retention = retention or Retention()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._forget_hooks: list[ForgetHook] = []

    def on_forget(self, hook: ForgetHook) -> None:
        """Called with the forgotten identities, to delete what lives outside the database."""
        self._forget_hooks.append(hook)

    # -- export -----------------------------------------------------------------------------

    def export(self, who: Identity) -> Export:
        now = self._clock()
        with self._sessions() as session:
            person = users.find(session, who)
            if person is None:  # nothing stored: what a new person would have
                person = User(quiet_off=False, created_at=now)
                identities = [
                    PlatformIdentity(
                        platform=who.platform, workspace=who.workspace, user_key=who.user
                    )
                ]
                interviews: list[Interview] = []
            else:
                identities = accounts.identities_of(session, person.id)
                interviews = rows.interviews_for_export(session, person.id)
            document = export_document(
                person, identities, interviews, retention=self.retention, now=now
            )
            calendar = calendar_bytes(interviews, now, "afterview.invalid")
        stamp = f"{now:%Y%m%d}"
        return Export(
            document,
            (
                Attachment(
                    f"afterview-export-{stamp}.json", export_json(document), "application/json"
                ),
                Attachment(f"afterview-reminders-{stamp}.ics", calendar, "text/calendar"),
            ),
        )

    # -- forget -----------------------------------------------------------------------------

    def forget(self, who: Identity) -> Forgotten:
        """Everything about the person behind `who`, across every linked identity."""
        with self._sessions.begin() as session:
            person = users.find(session, who)
            if person is None:
                return Forgotten(0, 0, had_preferences=False)
            identities = tuple(
                Identity(i.platform, i.workspace, i.user_key)
                for i in accounts.identities_of(session, person.id)
            )
            had_prefs = has_preferences(person)
            deleted = delete_user(session, person)
            for identity in identities:
                self._forget_installations(session, identity)
        self._after_forget(identities)
        return Forgotten(deleted.interviews, deleted.nudges, had_preferences=had_prefs)

    def forget_workspace(self, platform: str, workspace: str) -> int:
        """The app was removed from a workspace: delete its people's identities there, and
        each person whose last identity that was, with everything they stored; then the
        workspace's installation records. How many people were deleted entirely. A person
        linked to another platform keeps their data there (they can still `forget-me`)."""
        gone: list[Identity] = []
        people = 0
        with self._sessions.begin() as session:
            for identity in rows.workspace_identities(session, platform, workspace):
                gone.append(Identity(identity.platform, identity.workspace, identity.user_key))
                people += int(rows.remove_identity(session, identity))
            rows.delete_workspace_installations(session, platform, workspace)
        self._after_forget(tuple(gone))
        log.info(
            "workspace %s:%s removed: %d identities, %d people",
            platform,
            workspace,
            len(gone),
            people,
        )
        return people

    def _forget_installations(self, session: Session, who: Identity) -> None:
        rows.delete_user_installations(session, who.platform, who.workspace, who.user)
        for record in session.scalars(
            select(Installation).where(
                Installation.platform == who.platform,
                Installation.key.like(
                    f"installation:%:{rows.like_escaped(who.workspace)}:users", escape="\\"
                ),
            )
        ):
            listed = json.loads(record.data).get("users", [])
            if who.user in listed:
                record.data = json.dumps({"users": [u for u in listed if u != who.user]})

    def _after_forget(self, identities: tuple[Identity, ...]) -> None:
        for hook in self._forget_hooks:
            try:
                hook(identities)
            except Exception:  # a hook must not stop the others, nor undo the deletion
                log.exception("a forget hook failed")
        rows.checkpoint(self._engine)

    # -- retention --------------------------------------------------------------------------

    def sweep(self) -> int:
        """Delete closed interviews past the retention period; how many."""
        removed = self.retention.sweep(self._sessions, self._clock())
        if removed:
            log.info("retention: %d closed interviews deleted", removed)
            rows.checkpoint(self._engine)
        return removed
