"""`afterview review --json`: the note reviewer's CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.cli import main


def test_review_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        "Dear Dan,\n\nThank you for the interview at Acme. I need $75 a month for internet.\n\n"
        "Best regards,\nSam",
        encoding="utf-8",
    )
    code = main(
        [
            "review",
            "--json",
            "--company",
            "Acme",
            "--interviewer",
            "Dana Lee,Sam Ortiz",
            "--kind",
            "thank-you",
            str(note),
        ]
    )
    assert code == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {"verdict", "findings", "answer"}
    assert record["verdict"] == "avoid"
    checks = {f["check"] for f in record["findings"]}
    assert {"wrong_name", "demands"} <= checks
    assert all(set(f) == {"check", "excerpt", "suggestion"} for f in record["findings"])
    assert "“Dan”" in record["answer"]
