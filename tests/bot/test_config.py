from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SHIPPED_RULES, Settings, SettingsError


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
