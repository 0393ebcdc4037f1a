"""`Variables`: every environment variable Afterview reads, with its meaning and default.

This class is the one list of settings: `bot.config` reads and checks it, `bot.config_example`
writes the example file from it, and the README table is tested against it, so none can drift.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError("not an IANA time zone (e.g. Europe/Paris)") from None


def checked_database_url(url: str) -> str:
    """`url` if it names a database we can use; ``postgresql://`` means psycopg 3."""
    from sqlalchemy.engine import make_url  # here, so `afterview ask` starts without it
    from sqlalchemy.exc import ArgumentError

    example = "e.g. postgresql+psycopg://user:pass@host/db or sqlite:////var/lib/afterview/db"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"not a database URL ({example})") from None
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("names no SQLite file (sqlite:////path/to/afterview.sqlite3)")
        return url
    if backend != "postgresql":
        raise ValueError(f"{backend!r} is not supported: use SQLite or PostgreSQL ({example})")
    if driver not in ("psycopg", "psycopg2"):
        raise ValueError(f"the {driver!r} driver is not supported: use postgresql+psycopg://")
    if not parsed.host and not parsed.query.get("host"):
        raise ValueError("names no host (postgresql+psycopg://user:pass@HOST/db)")
    if not parsed.database:
        raise ValueError("names no database (postgresql+psycopg://user:pass@host/DATABASE)")
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

Rate = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)]
Seconds = Annotated[float, Field(gt=0, le=86_400 * 7, allow_inf_nan=False)]
Port = Annotated[int, Field(ge=0, le=65535)]


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names it and says what would do."""


class Variables(BaseModel):
    """Every environment variable, by its name; an empty value means "use the default"."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    # -- the core
    database_url: str | None = Field(
        None,
        alias="AFTERVIEW_DATABASE_URL",
        description="SQLAlchemy URL of the store: sqlite:////path/file.sqlite3 or "
        "postgresql+psycopg://user:pass@host/db (needs the postgres extra)",
        json_schema_extra={"shown_default": "a SQLite file in the user data directory"},
    )
    timezone: str = Field(
        "UTC",
        alias="AFTERVIEW_TIMEZONE",
        description="IANA time zone for users who have not set one (Slack users get their "
        "profile's)",
    )
    rules_dir: Path | None = Field(
        None,
        alias="AFTERVIEW_RULES",
        description="A rulebook directory that replaces the shipped one (advice/*.yaml, "
        "optional plan.yaml)",
        json_schema_extra={"shown_default": "the shipped rules/"},
    )
    plan_path: Path | None = Field(
        None,
        alias="AFTERVIEW_PLAN",
        description="A nudge plan file that replaces the shipped one",
        json_schema_extra={
            "shown_default": "AFTERVIEW_RULES/plan.yaml if there is one, else the shipped plan"
        },
    )
    log_level: str | None = Field(
        None,
        alias="AFTERVIEW_LOG_LEVEL",
        description="DEBUG, INFO, WARNING, ERROR or CRITICAL",
        json_schema_extra={"shown_default": "WARNING in the chat, INFO when serving"},
    )
    delivery_log: Path | None = Field(
        None,
        alias="AFTERVIEW_DELIVERY_LOG",
        description="Write nudges for terminal users to this JSON-lines file instead of the "
        "screen (dry runs)",
    )
    health_port: Port | None = Field(
        None,
        alias="AFTERVIEW_HEALTH_PORT",
        description="Serve /healthz and /metrics on this port while serving (0: any free port)",
        json_schema_extra={"shown_default": "off"},
    )
    health_host: str = Field(
        "127.0.0.1", alias="AFTERVIEW_HEALTH_HOST", description="Where the health endpoint listens"
    )
    # -- the optional language-model mode (README: "The language-model mode")
    llm_url: str | None = Field(
        None,
        alias="AFTERVIEW_LLM_URL",
        description="An OpenAI-compatible endpoint that routes questions among the rulebook's "
        "candidates; with a hosted provider the question text leaves this machine",
        json_schema_extra={"shown_default": "unset: the rulebook alone"},
    )
    llm_model: str | None = Field(
        None,
        alias="AFTERVIEW_LLM_MODEL",
        description="The model to ask (needed with AFTERVIEW_LLM_URL)",
    )
    llm_api_key: SecretStr | None = Field(
        None, alias="AFTERVIEW_LLM_API_KEY", description="Its API key, if the endpoint wants one"
    )
    llm_timeout: Annotated[float, Field(gt=0, le=60, allow_inf_nan=False)] | None = Field(
        None,
        alias="AFTERVIEW_LLM_TIMEOUT",
        description="Seconds to wait for it before answering from the rulebook alone",
        json_schema_extra={"shown_default": "4"},
    )
    # -- delivery
    send_rate: Rate = Field(
        5.0, alias="AFTERVIEW_SEND_RATE", description="Nudge DMs sent per second per platform"
    )
    send_rate_slack: Rate | None = Field(
        None,
        alias="AFTERVIEW_SEND_RATE_SLACK",
        description="Nudge DMs per second on Slack",
        json_schema_extra={"shown_default": "AFTERVIEW_SEND_RATE"},
    )
    send_rate_discord: Rate | None = Field(
        None,
        alias="AFTERVIEW_SEND_RATE_DISCORD",
        description="Nudge DMs per second on Discord, per process",
        json_schema_extra={"shown_default": "AFTERVIEW_SEND_RATE"},
    )
    send_burst: Annotated[int, Field(ge=1, le=1000)] = Field(
        5, alias="AFTERVIEW_SEND_BURST", description="How many DMs may go at once after a pause"
    )
    lease_seconds: Seconds = Field(
        120.0,
        alias="AFTERVIEW_LEASE_SECONDS",
        description="How long a claimed nudge is held before another process may retry it",
    )
    poll_seconds: Seconds = Field(
        60.0,
        alias="AFTERVIEW_POLL_SECONDS",
        description="The safety poll: the table is looked at this often even without a timer",
    )
    max_attempts: Annotated[int, Field(ge=1, le=100)] = Field(
        6, alias="AFTERVIEW_MAX_ATTEMPTS", description="Tries before a nudge is marked failed"
    )
    backoff_seconds: Seconds = Field(
        30.0, alias="AFTERVIEW_BACKOFF_SECONDS", description="Wait before the first retry"
    )
    backoff_max_seconds: Seconds = Field(
        3600.0, alias="AFTERVIEW_BACKOFF_MAX_SECONDS", description="Longest wait between retries"
    )
    late_after_seconds: Annotated[float, Field(ge=0, le=86_400, allow_inf_nan=False)] = Field(
        300.0,
        alias="AFTERVIEW_LATE_AFTER_SECONDS",
        description="A nudge sent later than this after its due time apologises for it",
    )
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = Field(
        100, alias="AFTERVIEW_BATCH_SIZE", description="Most nudges claimed at once"
    )
    concurrency: Annotated[int, Field(ge=1, le=64)] = Field(
        4, alias="AFTERVIEW_CONCURRENCY", description="Sends in flight at once"
    )
    retention_days: Annotated[int, Field(ge=0, le=36_500)] = Field(
        180,
        alias="AFTERVIEW_RETENTION_DAYS",
        description="Closed interviews (and their interviewer names) are deleted this many days "
        "after their last date; 0 keeps them (PRIVACY.md)",
    )
    secret_key: SecretStr | None = Field(
        None,
        alias="AFTERVIEW_SECRET_KEY",
        description="A Fernet key: stored Slack tokens are encrypted at rest with it (losing it "
        "means reinstalling)",
        json_schema_extra={"shown_default": "unset: tokens stored as given"},
    )
    # -- Slack
    slack_bot_token: SecretStr | None = Field(
        None,
        alias="SLACK_BOT_TOKEN",
        description="Slack bot token (xoxb-...), one workspace",
        json_schema_extra={"shown_default": "unset: Slack off"},
    )
    slack_app_token: SecretStr | None = Field(
        None, alias="SLACK_APP_TOKEN", description="Slack app-level token (xapp-...), Socket Mode"
    )
    slack_signing_secret: SecretStr | None = Field(
        None, alias="SLACK_SIGNING_SECRET", description="Verifies Slack's requests in HTTP mode"
    )
    slack_mode: Literal["socket", "http"] | None = Field(
        None,
        alias="SLACK_MODE",
        description="socket or http",
        json_schema_extra={"shown_default": "socket when an app token is set, else http"},
    )
    slack_host: str = Field("0.0.0.0", alias="SLACK_HOST", description="Where HTTP mode listens")
    slack_port: Port = Field(3000, alias="SLACK_PORT", description="Where HTTP mode listens")
    slack_client_id: str | None = Field(
        None, alias="SLACK_CLIENT_ID", description="Slack OAuth, for several workspaces (HTTP)"
    )
    slack_client_secret: SecretStr | None = Field(
        None, alias="SLACK_CLIENT_SECRET", description="Slack OAuth client secret"
    )
    slack_scopes: str | None = Field(
        None,
        alias="SLACK_SCOPES",
        description="Comma-separated bot scopes asked for at install",
        json_schema_extra={"shown_default": "the manifest's"},
    )
    slack_redirect_uri: str | None = Field(
        None, alias="SLACK_REDIRECT_URI", description="OAuth redirect URL, if not the default"
    )
    slack_api_url: str = Field(
        "https://slack.com/api/",
        alias="SLACK_API_URL",
        description="Slack Web API base URL (GovSlack differs)",
    )
    # -- Discord
    discord_token: SecretStr | None = Field(
        None,
        alias="DISCORD_TOKEN",
        description="Discord bot token",
        json_schema_extra={"shown_default": "unset: Discord off"},
    )
    discord_api_url: str = Field(
        "https://discord.com/api/v10",
        alias="DISCORD_API_URL",
        description="Discord REST base (for a rate-limit proxy)",
    )
    discord_gateway_url: str | None = Field(
        None,
        alias="DISCORD_GATEWAY_URL",
        description="Discord gateway address, ws:// or wss:// (for a gateway proxy)",
        json_schema_extra={"shown_default": "Discord's"},
    )
    discord_sharded: bool = Field(
        False, alias="DISCORD_SHARDED", description="Let discord.py run shards (true/false)"
    )
    discord_shard_count: Annotated[int, Field(gt=0, le=100_000)] | None = Field(
        None, alias="DISCORD_SHARD_COUNT", description="A fixed shard count"
    )
    discord_guild_id: Annotated[int, Field(gt=0)] | None = Field(
        None,
        alias="DISCORD_GUILD_ID",
        description="`afterview discord sync` registers the commands in this one server",
        json_schema_extra={"shown_default": "unset: global"},
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_of(value)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is not None and value.upper() not in LOG_LEVELS:
            raise ValueError("must be one of " + ", ".join(LOG_LEVELS))
        return value.upper() if value is not None else None

    @field_validator("database_url")
    @classmethod
    def _usable_url(cls, value: str | None) -> str | None:
        return checked_database_url(value) if value is not None else None

    @field_validator("slack_mode", mode="before")
    @classmethod
    def _mode_any_case(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value
