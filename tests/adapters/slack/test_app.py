"""build_app: one fixed token, or OAuth installs; the HTTP app counts requests for the gate."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.app import authorization_url, build_app, http_app
from adapters.slack.installation_store import PlatformInstallationStore
from bot.core.ports import Core
from bot.db.platform_state import SqlPlatformState
from tests.adapters.slack.conftest import BOT_TOKEN, http_config, plumbing_coach
from tests.adapters.slack.fake_slack import FakeSlack


def test_install_page_is_on_the_api_host() -> None:
    assert authorization_url("https://slack-gov.com/api/") == (
        "https://slack-gov.com/oauth/v2/authorize"
    )
    assert authorization_url("https://slack.com/api/") == "https://slack.com/oauth/v2/authorize"


async def test_single_workspace_uses_the_configured_token_everywhere(
    fake_slack: FakeSlack, platform_state: SqlPlatformState
) -> None:
    built = build_app(http_config(fake_slack), Core(plumbing_coach(), platform_state))
    assert await built.tokens("T-anything") == BOT_TOKEN
    assert built.app.client.token == BOT_TOKEN
    assert built.app.client.base_url == fake_slack.api_url
    await built.handlers.drain()


async def test_several_workspaces_use_each_installs_token(
    fake_slack: FakeSlack, platform_state: SqlPlatformState
) -> None:
    config = http_config(fake_slack, bot_token=None, client_id="1.2", client_secret="s")
    built = build_app(config, Core(plumbing_coach(), platform_state))
    assert built.app.oauth_flow is not None
    assert await built.tokens("T1") is None
    await PlatformInstallationStore(platform_state).async_save(
        Installation(team_id="T1", bot_token="xoxb-t1", bot_id="B1", bot_user_id="U1", user_id="U9")
    )
    assert await built.tokens("T1") == "xoxb-t1"
    await built.handlers.drain()


async def test_http_app_carries_the_ack_gate(
    fake_slack: FakeSlack, platform_state: SqlPlatformState
) -> None:
    config = http_config(fake_slack)
    built = build_app(config, Core(plumbing_coach(), platform_state))
    application = http_app(built, config)
    assert built.handlers.gate.middleware in application.middlewares
    await built.handlers.drain()
