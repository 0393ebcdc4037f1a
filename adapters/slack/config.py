"""Slack settings, as read by `bot.config`, checked together once at start-up.

Two ways to run: one workspace with a bot token (``SLACK_BOT_TOKEN``), or several workspaces
installed through Slack's OAuth flow (``SLACK_CLIENT_ID`` + ``SLACK_CLIENT_SECRET``). Events
arrive over Socket Mode (``SLACK_APP_TOKEN``, no public URL needed) or over HTTP (signed with
``SLACK_SIGNING_SECRET``; the way to run several replicas behind a load balancer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import SecretStr

from adapters.slack.token_cipher import TokenCipher
from bot.config import read_variables
from bot.variables import Variables

Mode = Literal["socket", "http"]

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "app_mentions:read",
    "users:read",
    "files:write",  # exports are uploaded to the user's own DM with the bot
)


@dataclass(frozen=True, slots=True)
class SlackConfig:
    """Everything the Slack adapter needs to connect; built by `from_env` or directly in tests."""

    signing_secret: str | None = None
    bot_token: str | None = None
    app_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    redirect_uri: str | None = None
    api_url: str = DEFAULT_API_URL
    mode: Mode = "http"
    host: str = "0.0.0.0"
    port: int = 3000
    path: str = "/slack/events"
    ack_budget: float = 0.02
    """Seconds a slash command waits for the core's reply to send it in the ack itself; after
    that it acks empty-handed and the reply follows through ``respond()``. Short, so that a busy
    core never holds up acks (Slack's limit is 3 s)."""
    secret_key: str | None = None
    """`AFTERVIEW_SECRET_KEY`: stored OAuth tokens are encrypted with it (see `token_cipher`)."""

    @property
    def multi_workspace(self) -> bool:
        """True when workspaces install the app through OAuth rather than one fixed token."""
        return self.client_id is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SlackConfig | None:
        """`from_settings` on `environ` read through `bot.config` (tests, one-off tools)."""
        return cls.from_settings(read_variables(environ))

    @classmethod
    def from_settings(cls, variables: Variables) -> SlackConfig | None:
        """The ``SLACK_*`` settings as read by `bot.config`; None when Slack is not
        configured at all. Raises `ValueError` naming the setting to fix."""
        bot_token, client_id = _secret(variables.slack_bot_token), variables.slack_client_id
        if bot_token is None and client_id is None:
            return None
        app_token = _secret(variables.slack_app_token)
        mode: Mode = variables.slack_mode or ("socket" if app_token else "http")
        scopes_text = variables.slack_scopes
        scopes = (
            tuple(s.strip() for s in scopes_text.split(",") if s.strip())
            if scopes_text
            else DEFAULT_SCOPES
        )
        api_url = variables.slack_api_url
        config = cls(
            signing_secret=_secret(variables.slack_signing_secret),
            bot_token=bot_token,
            app_token=app_token,
            client_id=client_id,
            client_secret=_secret(variables.slack_client_secret),
            scopes=scopes,
            redirect_uri=variables.slack_redirect_uri,
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            mode=mode,
            host=variables.slack_host,
            port=variables.slack_port,
            secret_key=_secret(variables.secret_key),
        )
        config.check()
        return config

    def check(self) -> None:
        """Reject combinations that cannot work, naming the setting to fix."""
        if self.bot_token is not None and not self.bot_token.startswith("xoxb-"):
            raise ValueError("SLACK_BOT_TOKEN must be a bot token (it starts with 'xoxb-')")
        if self.secret_key is not None:
            TokenCipher(self.secret_key)  # a malformed key is named at start, not at install
        if self.client_id is not None and self.client_secret is None:
            raise ValueError("SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is missing")
        if self.mode == "socket":
            if self.app_token is None:
                raise ValueError("SLACK_MODE=socket needs SLACK_APP_TOKEN (an 'xapp-' token)")
            if not self.app_token.startswith("xapp-"):
                raise ValueError("SLACK_APP_TOKEN must be an app-level token ('xapp-...')")
            if self.multi_workspace:
                raise ValueError(
                    "installing through OAuth (SLACK_CLIENT_ID) needs SLACK_MODE=http: "
                    "Slack redirects the browser to this server"
                )
        elif self.signing_secret is None:
            raise ValueError("SLACK_MODE=http needs SLACK_SIGNING_SECRET to verify requests")
        if not self.api_url.startswith(("https://", "http://")):
            raise ValueError("SLACK_API_URL must be an http(s) URL")
        if not 0 <= self.port <= 65535:
            raise ValueError("SLACK_PORT must be between 0 and 65535")
        if not 0 <= self.ack_budget <= 2.5:
            raise ValueError("the ack budget must be between 0 and 2.5 seconds")


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None
