"""Users' timezones come from users.info, once, and a failure does not break the request."""

from __future__ import annotations

from adapters.slack.notifier import web_client
from adapters.slack.timezones import UserTimezones
from tests.adapters.slack.fake_slack import FakeSlack


async def test_timezone_is_fetched_once_and_cached(fake_slack: FakeSlack) -> None:
    fake_slack.user_timezones["U1"] = "America/Chicago"
    client = web_client(fake_slack.api_url, "xoxb-t")
    zones = UserTimezones()
    assert await zones.get(client, "T1", "U1") == "America/Chicago"
    assert await zones.get(client, "T1", "U1") == "America/Chicago"
    [call] = fake_slack.calls_to("users.info")
    assert call.params["user"] == "U1"


async def test_missing_scope_gives_none_and_is_remembered(fake_slack: FakeSlack) -> None:
    fake_slack.script("users.info", body={"ok": False, "error": "missing_scope"})
    client = web_client(fake_slack.api_url, "xoxb-t")
    zones = UserTimezones()
    assert await zones.get(client, "T1", "U2") is None
    assert await zones.get(client, "T1", "U2") is None
    assert len(fake_slack.calls_to("users.info")) == 1
