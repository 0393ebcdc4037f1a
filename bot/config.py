"""Settings read from the environment, with defaults that work out of the box."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

import rules
from bot.advice.llm_settings import LlmSettings, LlmSettingsError

SHIPPED_RULES = Path(rules.__file__).resolve().parent
RATE_PREFIX = "AFTERVIEW_SEND_RATE_"


class SettingsError(ValueError):
    """An environment variable has a value we cannot use; the message names it."""


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """How the dispatcher paces and retries; small values make tests and demos quick."""

    send_rate: float = 10.0
    """Sends per second per platform (token bucket refill)."""
    send_burst: int = 20
    lease_seconds: float = 120.0
    """How long a claimed nudge stays ours; after a crash it is claimed again once this passes."""
    poll_seconds: float = 60.0
    """Safety poll: the dispatcher looks at the table this often even without a timer."""
    max_attempts: int = 6
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    late_after_seconds: float = 300.0
    """A nudge sent more than this after its due time says it is late."""
    batch_size: int = 100
    concurrency: int = 4
    platform_rates: tuple[tuple[str, float], ...] = ()
    """Per-platform overrides of `send_rate` (``AFTERVIEW_SEND_RATE_SLACK=1``...)."""

    def rate_for(self, platform: str) -> float:
        return dict(self.platform_rates).get(platform, self.send_rate)


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    rules_dir: Path
    plan_path: Path
    timezone: ZoneInfo
    delivery_log: Path | None = None
    delivery: DeliverySettings = DeliverySettings()
    llm: LlmSettings | None = None
    """The optional language-model mode (`AFTERVIEW_LLM_*`); None: the rulebook alone."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``AFTERVIEW_*`` variables; a bad value raises `SettingsError` naming it."""
        env = os.environ if environ is None else environ
        url = env.get("AFTERVIEW_DATABASE_URL") or default_database_url()
        rules_dir = Path(env["AFTERVIEW_RULES"]) if env.get("AFTERVIEW_RULES") else SHIPPED_RULES
        if env.get("AFTERVIEW_PLAN"):
            plan_path = Path(env["AFTERVIEW_PLAN"])
        elif (rules_dir / "plan.yaml").exists():
            plan_path = rules_dir / "plan.yaml"
        else:
            plan_path = SHIPPED_RULES / "plan.yaml"
        tz_name = env.get("AFTERVIEW_TIMEZONE") or "UTC"
        try:
            timezone = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise SettingsError(
                f"AFTERVIEW_TIMEZONE={tz_name!r} is not an IANA time zone (e.g. Europe/Paris)"
            ) from error
        log = env.get("AFTERVIEW_DELIVERY_LOG")
        try:
            llm = LlmSettings.from_env(env)
        except LlmSettingsError as error:
            raise SettingsError(str(error)) from error
        return cls(
            llm=llm,
            database_url=url,
            rules_dir=rules_dir,
            plan_path=plan_path,
            timezone=timezone,
            delivery_log=Path(log) if log else None,
            delivery=DeliverySettings(
                send_rate=_number(env, "AFTERVIEW_SEND_RATE", 10.0),
                send_burst=int(_number(env, "AFTERVIEW_SEND_BURST", 20)),
                lease_seconds=_number(env, "AFTERVIEW_LEASE_SECONDS", 120.0),
                poll_seconds=_number(env, "AFTERVIEW_POLL_SECONDS", 60.0),
                max_attempts=int(_number(env, "AFTERVIEW_MAX_ATTEMPTS", 6)),
                platform_rates=tuple(
                    (name.removeprefix(RATE_PREFIX).lower(), _number(env, name, 1.0))
                    for name in sorted(env)
                    if name.startswith(RATE_PREFIX) and len(name) > len(RATE_PREFIX)
                ),
            ),
        )


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    path = Path(platformdirs.user_data_dir("afterview")) / "afterview.sqlite3"
    return f"sqlite:///{path}"


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise SettingsError(f"{name}={raw!r} must be greater than zero")
    return value
