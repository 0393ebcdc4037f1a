"""SlackConfig.from_env: which settings mean which mode, and clear errors for the wrong ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from adapters.slack.config import DEFAULT_API_URL, DEFAULT_SCOPES, SlackConfig

MANIFEST = Path(__file__).resolve().parents[3] / "deploy" / "slack-manifest.yaml"


def test_not_configured_without_a_bot_token_or_client_id() -> None:
    assert SlackConfig.from_env({"SLACK_SIGNING_SECRET": "s"}) is None


def test_app_token_means_socket_mode_by_default() -> None:
    config = SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert config is not None
    assert config.mode == "socket"
    assert config.api_url == DEFAULT_API_URL
    assert config.multi_workspace is False


def test_http_mode_with_every_setting() -> None:
    config = SlackConfig.from_env(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_MODE": "HTTP",
            "SLACK_PORT": "8080",
            "SLACK_HOST": "127.0.0.1",
            "SLACK_API_URL": "https://slack-gov.com/api",
        }
    )
    assert config == SlackConfig(
        signing_secret="secret",
        bot_token="xoxb-1",
        api_url="https://slack-gov.com/api/",
        mode="http",
        host="127.0.0.1",
        port=8080,
    )


def test_oauth_for_several_workspaces() -> None:
    config = SlackConfig.from_env(
        {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "shh",
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_SCOPES": "commands, chat:write,,im:write",
        }
    )
    assert config is not None
    assert config.multi_workspace is True
    assert config.mode == "http"
    assert config.scopes == ("commands", "chat:write", "im:write")
    assert config.bot_token is None


def test_default_scopes_cover_what_the_adapter_calls() -> None:
    assert {"commands", "chat:write", "im:write", "users:read", "files:write"} <= set(
        DEFAULT_SCOPES
    )


def test_manifest_matches_what_the_adapter_listens_for() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == DEFAULT_SCOPES
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == ["/interviewed", "/afterview"]
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"message.im", "app_mention", "app_home_opened"} <= events
    assert {"app_uninstalled", "tokens_revoked"} <= events
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "socket"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "webhook"}, "SLACK_MODE"),
        ({"SLACK_CLIENT_ID": "1", "SLACK_SIGNING_SECRET": "s"}, "SLACK_CLIENT_SECRET"),
        (
            {"SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "c", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_MODE=http",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_PORT": "eighty"},
            "SLACK_PORT",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_RATE_PER_SEC": "0"},
            "AFTERVIEW_SEND_RATE_SLACK",  # the one home of the rate now
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "slack"},
            "SLACK_API_URL",
        ),
    ],
)
def test_wrong_settings_are_named_in_the_error(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        SlackConfig.from_env(environ)
