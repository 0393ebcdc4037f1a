"""OAuth installations round-trip through the core's real PlatformState (SQLite)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.installation_store import PlatformInstallationStore
from bot.db.platform_state import SqlPlatformState


def install(team: str = "T1", user: str = "U1", token: str = "xoxb-1") -> Installation:
    return Installation(
        app_id="A1",
        team_id=team,
        team_name="Team",
        bot_token=token,
        bot_id="B1",
        bot_user_id="UBOT",
        bot_scopes="commands,chat:write",
        user_id=user,
        installed_at=1_700_000_000.0,
    )


async def test_saved_install_gives_the_bot_and_the_installation(
    platform_state: SqlPlatformState,
) -> None:
    store = PlatformInstallationStore(platform_state)
    await store.async_save(install())
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None
    assert (bot.bot_token, bot.bot_user_id, bot.bot_scopes) == (
        "xoxb-1",
        "UBOT",
        ["commands", "chat:write"],
    )
    found = await store.async_find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert found is not None
    assert found.installed_at == 1_700_000_000.0
    latest = await store.async_find_installation(enterprise_id=None, team_id="T1")
    assert latest is not None
    assert latest.user_id == "U1"


async def test_workspaces_are_kept_apart(platform_state: SqlPlatformState) -> None:
    store = PlatformInstallationStore(platform_state)
    await store.async_save(install("T1", token="xoxb-one"))
    await store.async_save(install("T2", token="xoxb-two"))
    one = await store.async_find_bot(enterprise_id=None, team_id="T1")
    two = await store.async_find_bot(enterprise_id=None, team_id="T2")
    assert one is not None
    assert two is not None
    assert (one.bot_token, two.bot_token) == ("xoxb-one", "xoxb-two")
    assert await store.async_find_bot(enterprise_id=None, team_id="T3") is None


async def test_reinstall_replaces_the_token(platform_state: SqlPlatformState) -> None:
    store = PlatformInstallationStore(platform_state)
    await store.async_save(install(token="xoxb-old"))
    await store.async_save(install(token="xoxb-new"))
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None
    assert bot.bot_token == "xoxb-new"


async def test_uninstall_deletes_everything_for_the_workspace(
    platform_state: SqlPlatformState,
) -> None:
    store = PlatformInstallationStore(platform_state)
    await store.async_save(install(user="U1"))
    await store.async_save(install(user="U2"))
    await store.async_save(install("T2"))
    await store.async_delete_all(enterprise_id=None, team_id="T1")
    assert await store.async_find_bot(enterprise_id=None, team_id="T1") is None
    for user in ("U1", "U2", None):
        assert (
            await store.async_find_installation(enterprise_id=None, team_id="T1", user_id=user)
            is None
        )
    assert await store.async_find_bot(enterprise_id=None, team_id="T2") is not None


async def test_org_wide_install_is_found_by_enterprise(platform_state: SqlPlatformState) -> None:
    store = PlatformInstallationStore(platform_state)
    org = install(team="")
    org.enterprise_id = "E1"
    org.team_id = None
    org.is_enterprise_install = True
    await store.async_save(org)
    bot = await store.async_find_bot(
        enterprise_id="E1", team_id="T-any", is_enterprise_install=True
    )
    assert bot is not None
    assert bot.bot_token == "xoxb-1"
