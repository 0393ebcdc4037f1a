"""Every setting Afterview reads, in one place, checked once at start.

`Variables` names each environment variable with its meaning and default; it is the only
reader of ``AFTERVIEW_*``, ``SLACK_*`` and ``DISCORD_*``, so the example file
(`bot.config_example`) and the checks cannot drift apart. `Settings` is what the core uses,
resolved from it; the adapters build their own configs from `Settings.variables`.

Precedence, highest first: the process environment, then ``.env`` in the working directory,
then ``deploy/afterview.env``, then the defaults below.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import platformdirs
from dotenv import dotenv_values
from pydantic import ValidationError

import rules
from bot.advice.llm_settings import (
    ENV_KEY,
    ENV_MODEL,
    ENV_TIMEOUT,
    ENV_URL,
    LlmSettings,
    LlmSettingsError,
)
from bot.variables import SettingsError, Variables, zone_of

__all__ = [
    "DeliverySettings",
    "Settings",
    "SettingsError",
    "load_environment",
    "read_variables",
]

SHIPPED_RULES = Path(rules.__file__).resolve().parent
ENV_FILES = (Path("deploy/afterview.env"), Path(".env"))
"""Read in this order, so a value in ``.env`` wins over the same one in ``deploy/``."""
PLATFORMS = ("slack", "discord")
RENAMED = {
    "SLACK_RATE_PER_SEC": "AFTERVIEW_SEND_RATE_SLACK",
    "DISCORD_RATE_PER_SEC": "AFTERVIEW_SEND_RATE_DISCORD",
}
"""Old names that now have one home; setting one stops the start with the new name."""


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """How the dispatcher paces and retries; small values make tests and demos quick."""

    send_rate: float = 5.0
    """Sends per second per platform (token bucket refill)."""
    send_burst: int = 5
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


def _default_variables() -> Variables:
    return Variables.model_validate({})


@dataclass(frozen=True, slots=True)
class Settings:
    """The core's settings, resolved; `variables` keeps everything as read (platforms too)."""

    database_url: str
    rules_dir: Path
    plan_path: Path
    timezone: ZoneInfo
    delivery_log: Path | None = None
    delivery: DeliverySettings = DeliverySettings()
    llm: LlmSettings | None = None
    """The optional language-model mode (`AFTERVIEW_LLM_*`); None: the rulebook alone."""
    variables: Variables = field(default_factory=_default_variables)

    @property
    def retention_days(self) -> int:
        """`AFTERVIEW_RETENTION_DAYS`: closed interviews go this long after; 0 keeps them."""
        return self.variables.retention_days

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `environ` (default: the process environment and the env
        files); a bad value raises `SettingsError` naming it."""
        variables = read_variables(load_environment() if environ is None else environ)
        return cls.from_variables(variables)

    @classmethod
    def from_variables(cls, variables: Variables) -> Settings:
        rules_dir = variables.rules_dir or SHIPPED_RULES
        if variables.plan_path is not None:
            plan_path = variables.plan_path
        elif (rules_dir / "plan.yaml").exists():
            plan_path = rules_dir / "plan.yaml"
        else:
            plan_path = SHIPPED_RULES / "plan.yaml"
        rates = (("slack", variables.send_rate_slack), ("discord", variables.send_rate_discord))
        return cls(
            llm=_llm(variables),
            database_url=variables.database_url or default_database_url(),
            rules_dir=rules_dir,
            plan_path=plan_path,
            timezone=zone_of(variables.timezone),
            delivery_log=variables.delivery_log,
            delivery=DeliverySettings(
                send_rate=variables.send_rate,
                send_burst=variables.send_burst,
                lease_seconds=variables.lease_seconds,
                poll_seconds=variables.poll_seconds,
                max_attempts=variables.max_attempts,
                backoff_seconds=variables.backoff_seconds,
                backoff_max_seconds=max(variables.backoff_max_seconds, variables.backoff_seconds),
                late_after_seconds=variables.late_after_seconds,
                batch_size=variables.batch_size,
                concurrency=variables.concurrency,
                platform_rates=tuple((name, rate) for name, rate in rates if rate is not None),
            ),
            variables=variables,
        )


def load_environment(
    environ: Mapping[str, str] | None = None, files: Iterable[Path] = ENV_FILES
) -> dict[str, str]:
    """The env files' values overlaid by the process environment (see the module docstring)."""
    merged: dict[str, str] = {}
    for path in files:
        if not path.is_file():
            continue
        try:
            values = dotenv_values(path, encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"cannot read {path}: {error}") from None
        merged.update({k: v for k, v in values.items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return merged


def read_variables(environ: Mapping[str, str]) -> Variables:
    """Check every setting in `environ`; all problems are reported at once, one per line."""
    problems = [
        f"{old} is now called {new}: rename it" for old, new in RENAMED.items() if environ.get(old)
    ]
    problems += [
        f"{name}: there is no platform {name.removeprefix('AFTERVIEW_SEND_RATE_').lower()!r} "
        f"(rates can be set for {', '.join(PLATFORMS)})"
        for name in sorted(environ)
        if name.startswith("AFTERVIEW_SEND_RATE_")
        and name.removeprefix("AFTERVIEW_SEND_RATE_").lower() not in PLATFORMS
        and environ[name].strip()
    ]
    given = {name: value for name, value in environ.items() if value.strip()}
    try:
        variables = Variables.model_validate(given)
    except ValidationError as error:
        problems += [_describe(problem, given) for problem in error.errors()]
        variables = None
    if problems or variables is None:
        raise SettingsError("\n".join(problems))
    return variables


def _llm(variables: Variables) -> LlmSettings | None:
    """The mode's own checks (a URL needs a model...) on the values read here."""
    raw = {
        ENV_URL: variables.llm_url or "",
        ENV_MODEL: variables.llm_model or "",
        ENV_KEY: variables.llm_api_key.get_secret_value() if variables.llm_api_key else "",
        ENV_TIMEOUT: "" if variables.llm_timeout is None else str(variables.llm_timeout),
    }
    try:
        return LlmSettings.from_env(raw)
    except LlmSettingsError as error:
        raise SettingsError(str(error)) from None


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    path = Path(platformdirs.user_data_dir("afterview")) / "afterview.sqlite3"
    return f"sqlite:///{path}"


def _describe(problem: Any, given: Mapping[str, str]) -> str:
    name = str(problem["loc"][0]) if problem["loc"] else "a setting"
    raw = given.get(name, "")
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    if "TOKEN" in name or "SECRET" in name:
        shown = "..."
    kind, context = problem["type"], problem.get("ctx") or {}
    reason = {
        "float_parsing": "is not a number",
        "int_parsing": "is not a whole number",
        "int_from_float": "is not a whole number",
        "finite_number": "must be a finite number",
        "bool_parsing": "must be true or false",
        "greater_than": f"must be greater than {_limit(context.get('gt'))}",
        "greater_than_equal": f"must be at least {_limit(context.get('ge'))}",
        "less_than_equal": f"must be at most {_limit(context.get('le'))}",
        "literal_error": f"must be {context.get('expected', 'one of the listed values')}",
    }.get(kind)
    if reason is None:
        reason = str(problem["msg"]).removeprefix("Value error, ")
    return (
        f"{name}={shown!r} {reason}"
        if reason.startswith(("is ", "must"))
        else (f"{name}={shown!r}: {reason}")
    )


def _limit(value: object) -> str:
    return "zero" if value == 0 else str(value)
