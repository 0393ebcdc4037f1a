from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SHIPPED_RULES, Settings, SettingsError, load_environment


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("afterview.sqlite3")
    assert settings.rules_dir == SHIPPED_RULES
    assert settings.plan_path == SHIPPED_RULES / "plan.yaml"
    assert settings.timezone.key == "UTC"
    assert settings.delivery_log is None


def test_every_variable_is_read(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "plan.yaml").write_text("steps: []\n", encoding="utf-8")
    settings = Settings.from_env(
        {
            "AFTERVIEW_DATABASE_URL": "postgresql+psycopg://u@db/afterview",
            "AFTERVIEW_RULES": str(rules),
            "AFTERVIEW_TIMEZONE": "Europe/Paris",
            "AFTERVIEW_DELIVERY_LOG": str(tmp_path / "d.jsonl"),
            "AFTERVIEW_SEND_RATE": "2.5",
            "AFTERVIEW_LEASE_SECONDS": "3",
            "AFTERVIEW_SEND_RATE_SLACK": "1",
        }
    )
    assert settings.database_url == "postgresql+psycopg://u@db/afterview"
    assert settings.plan_path == rules / "plan.yaml"
    assert settings.timezone.key == "Europe/Paris"
    assert settings.delivery_log == tmp_path / "d.jsonl"
    assert settings.delivery.send_rate == 2.5
    assert settings.delivery.lease_seconds == 3.0
    assert settings.delivery.rate_for("slack") == 1.0
    assert settings.delivery.rate_for("discord") == 2.5
    explicit = Settings.from_env({"AFTERVIEW_PLAN": "/x/plan.yaml", "AFTERVIEW_RULES": str(rules)})
    assert explicit.plan_path == Path("/x/plan.yaml")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AFTERVIEW_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
        ("AFTERVIEW_SEND_RATE", "fast", "not a number"),
        ("AFTERVIEW_LEASE_SECONDS", "-1", "greater than zero"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env({name: value})
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AFTERVIEW_LEASE_SECONDS", "nan", "finite"),
        ("AFTERVIEW_POLL_SECONDS", "inf", "finite"),
        ("AFTERVIEW_SEND_RATE", "-inf", "finite"),
        ("AFTERVIEW_SEND_BURST", "0", "at least 1"),
        ("AFTERVIEW_MAX_ATTEMPTS", "2.5", "whole number"),
        ("AFTERVIEW_LOG_LEVEL", "loud", "DEBUG, INFO"),
        ("AFTERVIEW_TIMEZONE", "Europe/" + "x" * 300, "not an IANA time zone"),
        ("AFTERVIEW_DATABASE_URL", "postgresql+psycopg://", "names no host"),
        ("AFTERVIEW_DATABASE_URL", "sqlite://", "names no SQLite file"),
        ("AFTERVIEW_DATABASE_URL", "::", "not a database URL"),
        ("AFTERVIEW_HEALTH_PORT", "-1", "at least zero"),
        ("AFTERVIEW_SEND_RATE_TELEGRAM", "2", "no platform 'telegram'"),
        ("DISCORD_RATE_PER_SEC", "2", "AFTERVIEW_SEND_RATE_DISCORD"),
        ("SLACK_MODE", "webhook", "'socket' or 'http'"),
    ],
)
def test_every_setting_is_validated(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env({name: value})
    assert name in str(caught.value)


def test_every_problem_is_reported_at_once_and_secrets_are_not_echoed() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            {"AFTERVIEW_LEASE_SECONDS": "nan", "AFTERVIEW_SEND_RATE": "x", "DISCORD_TOKEN": " "}
        )
    assert len(str(caught.value).splitlines()) == 2
    with pytest.raises(SettingsError) as hidden:
        Settings.from_env({"DISCORD_TOKEN": "secret-value", "DISCORD_SHARD_COUNT": "x"})
    assert "secret-value" not in str(hidden.value)


def test_postgresql_urls_mean_psycopg_3() -> None:
    settings = Settings.from_env({"AFTERVIEW_DATABASE_URL": "postgresql://u:p@db:5432/afterview"})
    assert settings.database_url == "postgresql+psycopg://u:p@db:5432/afterview"


def test_env_files_are_read_in_order_and_the_environment_wins(tmp_path: Path) -> None:
    deploy, dot = tmp_path / "afterview.env", tmp_path / ".env"
    deploy.write_text(
        "# comment\nAFTERVIEW_TIMEZONE=Europe/Paris\nAFTERVIEW_SEND_RATE=2\nDISCORD_TOKEN=abc\n",
        encoding="utf-8",
    )
    dot.write_text('AFTERVIEW_SEND_RATE="3"\n', encoding="utf-8")
    merged = load_environment({"DISCORD_TOKEN": "from-env"}, files=(deploy, dot, tmp_path / "x"))
    settings = Settings.from_env(merged)
    assert settings.timezone.key == "Europe/Paris"  # only in deploy/
    assert settings.delivery.send_rate == 3.0  # .env over deploy/
    token = settings.variables.discord_token
    assert token is not None
    assert token.get_secret_value() == "from-env"  # the environment over both


def test_empty_values_mean_the_default() -> None:
    settings = Settings.from_env({"AFTERVIEW_SEND_RATE": "", "AFTERVIEW_TIMEZONE": "  "})
    assert settings.delivery.send_rate == Settings.from_env({}).delivery.send_rate
    assert settings.timezone.key == "UTC"
