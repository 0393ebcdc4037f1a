"""deploy/afterview.env.example and the README are generated from, or checked against, the one
settings class, so no setting can be added without them."""

from __future__ import annotations

import re

from dotenv import dotenv_values

from adapters.cli import main
from bot.config import read_variables
from bot.config_example import example_file, settings_table
from bot.variables import Variables
from tests.paths import ROOT

EXAMPLE = ROOT / "deploy" / "afterview.env.example"


def test_the_committed_example_is_what_the_command_prints(capsys: object) -> None:
    assert main(["config", "example"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert printed == example_file()
    assert EXAMPLE.read_text(encoding="utf-8") == printed, (
        "regenerate it: .venv/bin/afterview config example > deploy/afterview.env.example"
    )


def test_the_example_lists_every_setting_and_is_valid_as_it_stands() -> None:
    text = example_file()
    listed = re.findall(r"^# ([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE)
    names = [field.alias for field in Variables.model_fields.values()]
    assert listed == names
    assert len(names) >= 35
    uncommented = {
        line.split("=", 1)[0].lstrip("# "): line.split("=", 1)[1]
        for line in text.splitlines()
        if re.match(r"^# [A-Z_]+=", line)
    }
    read_variables({k: v.strip('"') for k, v in uncommented.items()})  # defaults all pass
    assert dotenv_values(EXAMPLE) == {}  # as shipped it sets nothing


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, *_ in settings_table() if f"`{name}`" not in readme]
    assert missing == []
