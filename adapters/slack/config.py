"""Slack settings read from the environment, checked once at start-up.

Two ways to run: one workspace with a bot token (``SLACK_BOT_TOKEN``), or several workspaces
installed through Slack's OAuth flow (``SLACK_CLIENT_ID`` + ``SLACK_CLIENT_SECRET``). Events
arrive over Socket Mode (``SLACK_APP_TOKEN``, no public URL needed) or over HTTP (signed with
``SLACK_SIGNING_SECRET``; the way to run several replicas behind a load balancer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

Mode = Literal["socket", "http"]
T = TypeVar("T", int, float)

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "app_mentions:read",
    "users:read",
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
    rate_per_sec: float = 5.0
    ack_budget: float = 0.02
    """Seconds a slash command waits for the core's reply to send it in the ack itself; after
    that it acks empty-handed and the reply follows through ``respond()``. Short, so that a busy
    core never holds up acks (Slack's limit is 3 s)."""

    @property
    def multi_workspace(self) -> bool:
        """True when workspaces install the app through OAuth rather than one fixed token."""
        return self.client_id is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SlackConfig | None:
        """Read ``SLACK_*`` settings; None when Slack is not configured at all.

        Raises `ValueError` with a message that names the missing or malformed setting.
        """

        def get(name: str) -> str | None:
            value = environ.get(name, "").strip()
            return value or None

        bot_token, client_id = get("SLACK_BOT_TOKEN"), get("SLACK_CLIENT_ID")
        if bot_token is None and client_id is None:
            return None
        app_token, signing_secret = get("SLACK_APP_TOKEN"), get("SLACK_SIGNING_SECRET")
        mode_text = (get("SLACK_MODE") or ("socket" if app_token else "http")).lower()
        if mode_text not in ("socket", "http"):
            raise ValueError(f"SLACK_MODE must be 'socket' or 'http', not {mode_text!r}")
        mode: Mode = "socket" if mode_text == "socket" else "http"
        client_secret = get("SLACK_CLIENT_SECRET")
        scopes_text = get("SLACK_SCOPES")
        scopes = (
            tuple(s.strip() for s in scopes_text.split(",") if s.strip())
            if scopes_text
            else DEFAULT_SCOPES
        )
        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        config = cls(
            signing_secret=signing_secret,
            bot_token=bot_token,
            app_token=app_token,
            client_id=client_id,
            client_secret=client_secret,
            scopes=scopes,
            redirect_uri=get("SLACK_REDIRECT_URI"),
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            mode=mode,
            host=get("SLACK_HOST") or "0.0.0.0",
            port=_number(get("SLACK_PORT"), "SLACK_PORT", 3000, int),
            rate_per_sec=_number(get("SLACK_RATE_PER_SEC"), "SLACK_RATE_PER_SEC", 5.0, float),
        )
        config.check()
        return config

    def check(self) -> None:
        """Reject combinations that cannot work, naming the setting to fix."""
        if self.bot_token is not None and not self.bot_token.startswith("xoxb-"):
            raise ValueError("SLACK_BOT_TOKEN must be a bot token (it starts with 'xoxb-')")
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
        if self.rate_per_sec <= 0:
            raise ValueError("SLACK_RATE_PER_SEC must be a positive number")


def _number(text: str | None, name: str, default: T, kind: type[T]) -> T:
    if text is None:
        return default
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None
