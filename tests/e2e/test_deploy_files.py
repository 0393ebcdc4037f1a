"""deploy/ as written: what the Dockerfile copies exists, the build context leaves out the
virtualenv, the image and compose check /healthz on the port the image serves it on, and the
systemd unit says how to make the user and the virtualenv it runs from."""

from __future__ import annotations

import re

import yaml

from bot.variables import Variables
from tests.paths import ROOT

DEPLOY = ROOT / "deploy"


def test_what_the_dockerfile_copies_exists_and_the_context_is_small() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for line in re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE):
        for source in line.split():
            assert (ROOT / source).exists(), source
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "deploy/afterview.env", ".env"} <= set(ignored)
    copied = {s for line in re.findall(r"^COPY (.+) \S+$", dockerfile, re.M) for s in line.split()}
    assert not copied & set(ignored)  # nothing the image needs is left out of the context


def test_image_and_compose_check_health_where_it_is_served() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    port = re.search(r"AFTERVIEW_HEALTH_PORT=(\d+)", dockerfile)
    assert port is not None
    assert "HEALTHCHECK" in dockerfile
    assert f"127.0.0.1:{port[1]}/healthz" in dockerfile.split("HEALTHCHECK", 1)[1]
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    check = " ".join(compose["services"]["bot"]["healthcheck"]["test"])
    assert f"127.0.0.1:{port[1]}/healthz" in check
    assert compose["services"]["bot"]["env_file"] == "afterview.env"
    assert "AFTERVIEW_HEALTH_PORT" in {f.alias for f in Variables.model_fields.values()}


def test_the_systemd_unit_says_how_to_make_its_user_and_venv() -> None:
    unit = (DEPLOY / "afterview.service").read_text(encoding="utf-8")
    assert "User=afterview" in unit
    assert "useradd --system" in unit
    assert "python3 -m venv /opt/afterview/.venv" in unit
    assert "ExecStart=/opt/afterview/.venv/bin/afterview serve" in unit
    assert "EnvironmentFile=/etc/afterview/afterview.env" in unit
    assert "afterview.env.example /etc/afterview/afterview.env" in unit
