"""`link`, `unlink`, `settings nudges ...` and the ``account.*`` buttons, on the `Coach`."""

from __future__ import annotations

from bot.accounts.platforms import read_platform
from bot.accounts.replies import (
    ACTION_PREFIX,
    NUDGES_TO,
    code_reply,
    link_reply,
    not_linked_reply,
    notice_reply,
    nudges_to_buttons,
    nudges_to_reply,
    nudges_to_section,
    nudges_usage,
    unlink_reply,
)
from bot.accounts.service import Accounts
from bot.core.coach import Coach, Command
from bot.core.messages import Action, Identity, Reply, Request, Tone
from bot.interviews.settings_commands import SettingsCommands


class AccountCommands:
    """Turns link commands and the nudges-to buttons into `Accounts` calls."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def install(self, coach: Coach, settings: SettingsCommands | None = None) -> None:
        coach.register(
            Command(
                "link",
                "link [CODE]",
                "join your Slack, Discord and terminal accounts into one job hunt",
                self.link,
                examples=("link", "link KXP4-7QRM"),
            )
        )
        coach.register(
            Command("unlink", "unlink", "separate this account from the others", self.unlink)
        )
        coach.on_action(ACTION_PREFIX, self.on_action)
        coach.on_interaction(self.notice, in_memory=self.accounts.no_notice)
        if settings is not None:
            settings.setting_handlers["nudges"] = self.nudges_setting
            settings.settings_addons.append(self.settings_panel)

    def link(self, request: Request, rest: str) -> Reply:
        if not rest.strip():
            issued = self.accounts.issue_code(request.who)
            return code_reply(issued, self.accounts.now())
        return link_reply(self.accounts.redeem(request.who, rest.strip()[:40]))

    def unlink(self, request: Request, _rest: str) -> Reply:
        return unlink_reply(self.accounts.unlink(request.who))

    def nudges_setting(self, who: Identity, args: list[str]) -> Reply:
        if len(args) != 1:
            return nudges_usage()
        word = args[0].lower()
        platform = None if word in ("auto", "default", "anywhere") else read_platform(word)
        if platform is None and word not in ("auto", "default", "anywhere"):
            return nudges_usage()
        return self._set(who, platform)

    def _set(self, who: Identity, platform: str | None) -> Reply:
        if not self.accounts.set_nudges_to(who, platform):
            assert platform is not None
            return not_linked_reply(platform)
        return nudges_to_reply(platform, self.accounts.linked(who), changed=True)

    def settings_panel(self, who: Identity) -> Reply:
        """The "where nudges go" part of `settings` (and so of Slack's App Home)."""
        identities, target = self.accounts.linked(who), self.accounts.nudges_to(who)
        return Reply(
            text="",
            sections=(nudges_to_section(target, identities),),
            controls=nudges_to_buttons(target, identities),
        )

    def on_action(self, request: Request, action: Action) -> Reply:
        if action.action_id != NUDGES_TO:
            return Reply(text="That button is no longer valid.", tone=Tone.WARNING)
        platform = read_platform(action.value)
        if platform is None:
            return nudges_usage()
        return self._set(request.who, platform)

    def notice(self, who: Identity) -> Reply | None:
        text = self.accounts.take_notice(who)
        return None if text is None else notice_reply(text)
