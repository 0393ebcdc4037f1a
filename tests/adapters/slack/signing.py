"""Sign requests the way Slack does, so they pass (or, on purpose, fail) bolt's verification."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

PAYLOADS = Path(__file__).parent / "payloads"


def signed_headers(
    secret: str, body: str, *, timestamp: int | None = None, content_type: str
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


def payload(name: str) -> dict[str, Any]:
    """A recorded payload fixture from ``payloads/<name>.json`` (a fresh copy each time)."""
    data = json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def form_body(fields: dict[str, Any]) -> str:
    """A slash command body: form-encoded fields."""
    return urlencode({k: str(v) for k, v in fields.items()})


def interactive_body(data: dict[str, Any]) -> str:
    """An interactivity body: the JSON payload as one form field."""
    return urlencode({"payload": json.dumps(data)})
