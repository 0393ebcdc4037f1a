"""The replies of `link`, `unlink` and `settings nudges` (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.accounts import codes
from bot.accounts.platforms import CHOICES, read_platform, shown
from bot.accounts.service import IssuedCode, LinkResult, LinkStatus, UnlinkResult
from bot.core.messages import Button, Identity, Reply, Section, Tone

ACTION_PREFIX = "account"
NUDGES_TO = f"{ACTION_PREFIX}.nudges"


def _where(identities: tuple[Identity, ...]) -> str:
    """``Slack, Discord`` or ``the terminal (2 accounts)``: platforms, never ids."""
    counts = Counter(shown(i.platform) for i in identities)
    return ", ".join(
        name if n == 1 else f"{name} ({n} accounts)" for name, n in sorted(counts.items())
    )


def code_reply(issued: IssuedCode, now: datetime) -> Reply:
    minutes = max(1, round((issued.expires_at - now).total_seconds() / 60))
    return Reply(
        text=f"Your link code: {codes.shown_code(issued.code)}",
        sections=(
            Section(
                f"On your other account (Slack, Discord or the terminal), type "
                f"`link {codes.shown_code(issued.code)}` within {minutes} minutes. It works "
                "once. Both accounts then share one list of interviews and one set of settings."
            ),
            Section("Never share this code: whoever types it sees your interviews."),
        ),
        tone=Tone.INFO,
    )


def link_reply(result: LinkResult) -> Reply:
    status = result.status
    if status is LinkStatus.LINKED:
        return Reply(
            text="Linked: this is now one job hunt.",
            sections=(
                Section(f"Your accounts: {_where(result.identities)}."),
                Section(
                    "Your interviews, nudges and settings are shared. Choose where nudges "
                    "arrive with `settings nudges discord` (or slack, or terminal); `unlink` "
                    "separates this account again."
                ),
            ),
            tone=Tone.OK,
        )
    if status is LinkStatus.ALREADY:
        return Reply(text="These accounts are already linked.", tone=Tone.INFO)
    if status is LinkStatus.OWN:
        return Reply(
            text="That code is for linking another account to this one.",
            sections=(Section("Type it on your other account (Slack, Discord or the terminal)."),),
            tone=Tone.WARNING,
        )
    if status is LinkStatus.EXPIRED:
        return Reply(
            text="That code has expired.",
            sections=(Section("Type `link` on your first account for a new one."),),
            tone=Tone.WARNING,
        )
    if status is LinkStatus.LIMITED:
        wait = result.retry_after.total_seconds() if result.retry_after else 60
        return Reply(
            text="Too many wrong codes.",
            sections=(Section(f"Try again in {max(1, round(wait / 60))} minutes."),),
            tone=Tone.WARNING,
        )
    left = result.tries_left
    more = f" {left} more tries before a pause." if left is not None else ""
    return Reply(
        text="That code doesn't match.",
        sections=(Section(f"Check it, or type `link` on your other account for a new one.{more}"),),
        tone=Tone.WARNING,
    )


def unlink_reply(result: UnlinkResult) -> Reply:
    if not result.unlinked:
        return Reply(text="This account isn't linked to another one.", tone=Tone.INFO)
    return Reply(
        text="Unlinked.",
        sections=(
            Section(
                f"Your interviews, nudges and settings stay with {_where(result.remaining)}. "
                "This account starts fresh; nothing of the shared job hunt is kept here."
            ),
        ),
        tone=Tone.OK,
    )


def nudges_to_section(target: str | None, identities: tuple[Identity, ...]) -> Section:
    where = shown(target) if target else "where each interview was registered"
    return Section(
        f"Nudges go to: {where}. Linked accounts: {_where(identities)}.",
        title="Where nudges go",
    )


def nudges_to_buttons(target: str | None, identities: tuple[Identity, ...]) -> tuple[Button, ...]:
    mine = {i.platform for i in identities}
    return tuple(
        Button(f"Nudges to {shown(p)}", NUDGES_TO, p)
        for word in CHOICES
        if (p := read_platform(word) or word) in mine and p != target and len(mine) > 1
    )


def nudges_to_reply(
    target: str | None, identities: tuple[Identity, ...], *, changed: bool
) -> Reply:
    headline = f"Nudges now go to {shown(target)}." if changed and target else "Where nudges go."
    return Reply(
        text=headline,
        sections=(nudges_to_section(target, identities),),
        controls=nudges_to_buttons(target, identities),
        tone=Tone.OK if changed else Tone.INFO,
    )


def not_linked_reply(platform: str) -> Reply:
    return Reply(
        text=f"You have no account on {shown(platform)} linked to this one.",
        sections=(Section("Type `link` here, then `link CODE` there; then choose it for nudges."),),
        tone=Tone.WARNING,
    )


def nudges_usage() -> Reply:
    return Reply(
        text="Where should nudges arrive? Say slack, discord or terminal:",
        sections=(Section("settings nudges discord\nsettings nudges slack"),),
        tone=Tone.INFO,
    )


def notice_reply(notice: str) -> Reply:
    return Reply(text=notice, tone=Tone.WARNING)
