"""notifier: nudges by DM with buttons and a nonce; closed DMs, 429 and 5xx handled."""

from __future__ import annotations

import pytest

from adapters.discord import DiscordRuntime
from adapters.discord.client import MAX_RATELIMIT_WAIT
from bot.core.messages import Button, Identity, Reply, Section
from bot.core.ports import Delivery, RecipientUnreachable, TransientDeliveryError
from tests.adapters.discord import events
from tests.adapters.discord.fake_discord import FakeDiscord, Recorded

WHO = Identity("discord", "discord", str(events.USER_ID))
NUDGE = Reply(
    text="Time to send a thank-you note to @everyone at Acme",
    sections=(Section("Keep it short <@&123456789012345678>", title="How"),),
    controls=(Button("Done", "nudge.done", "3"), Button("Stop nudges", "interview.stop", "1")),
)


def _delivery(key: str = "nudge-3", who: Identity = WHO) -> Delivery:
    return Delivery(nudge_id=3, recipient=who, reply=NUDGE, key=key)


def _posts(fake: FakeDiscord) -> list[Recorded]:
    return fake.matching(lambda r: r.method == "POST" and r.path.endswith("/messages"))


async def test_a_nudge_arrives_by_dm_with_buttons(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    await runtime.notifier.send(_delivery())
    [opened] = fake.matching(lambda r: r.path == "/users/@me/channels")
    assert opened.body == {"recipient_id": events.USER_ID}
    [post] = _posts(fake)
    channel = fake.dm_channels[events.USER_ID]
    assert post.path == f"/channels/{channel}/messages"
    assert post.body["nonce"] == "nudge-3"
    assert post.body["enforce_nonce"] is True
    assert post.body["allowed_mentions"] == {"parse": []}
    embed = post.body["embeds"][0]
    assert "@\u200beveryone" in embed["title"]
    assert "\\<@\u200b&123456789012345678\\>" in embed["description"]
    assert events.custom_ids(post.body) == ["av:b:nudge.done:3", "av:b:interview.stop:1"]


async def test_a_resend_after_a_crash_is_not_posted_twice(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    await runtime.notifier.send(_delivery())
    await runtime.notifier.send(_delivery())
    assert len(_posts(fake)) == 2  # both reached Discord...
    assert len(fake.messages[fake.dm_channels[events.USER_ID]]) == 1  # ...one was posted


async def test_closed_dms_are_tried_once(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    fake.behaviour.closed_dms.add(events.USER_ID)
    with pytest.raises(RecipientUnreachable):
        await runtime.notifier.send(_delivery("a"))
    with pytest.raises(RecipientUnreachable):
        await runtime.notifier.send(_delivery("b"))
    with pytest.raises(RecipientUnreachable):
        await runtime.notifier.send(_delivery("c"))
    assert [p.status for p in _posts(fake)] == [403]  # one 403, never a loop of them


async def test_after_the_user_is_seen_dms_are_tried_again(
    runtime: DiscordRuntime, fake: FakeDiscord
) -> None:
    fake.behaviour.closed_dms.add(events.USER_ID)
    with pytest.raises(RecipientUnreachable):
        await runtime.notifier.send(_delivery("a"))
    fake.behaviour.closed_dms.clear()  # the user opened their DMs
    runtime.discord_notifier.reopen(str(events.USER_ID))
    await runtime.notifier.send(_delivery("b"))
    assert [p.status for p in _posts(fake)] == [403, 200]


async def test_a_429_is_waited_out_and_retried(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    fake.behaviour.rate_limits = 1
    await runtime.notifier.send(_delivery())
    assert [p.status for p in _posts(fake)] == [429, 200]


async def test_a_long_rate_limit_is_transient(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    fake.behaviour.rate_limits = 1
    fake.behaviour.retry_after = MAX_RATELIMIT_WAIT + 30
    with pytest.raises(TransientDeliveryError) as caught:
        await runtime.notifier.send(_delivery())
    assert caught.value.retry_after == MAX_RATELIMIT_WAIT + 30
    assert [p.status for p in _posts(fake)] == [429]


async def test_a_server_error_is_transient(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    fake.behaviour.server_errors = 1
    with pytest.raises(TransientDeliveryError, match="503"):
        await runtime.notifier.send(_delivery())
    await runtime.notifier.send(_delivery())  # and the next attempt goes through
    assert [p.status for p in _posts(fake)] == [503, 200]


async def test_not_a_discord_user(runtime: DiscordRuntime, fake: FakeDiscord) -> None:
    with pytest.raises(RecipientUnreachable):
        await runtime.notifier.send(_delivery(who=Identity("slack", "T1", "U1")))
    assert fake.matching(lambda r: r.path == "/users/@me/channels") == []


async def test_before_login_sends_are_transient(fake: FakeDiscord) -> None:
    from tests.adapters.discord.conftest import config_for

    idle = DiscordRuntime(config_for(fake))
    with pytest.raises(TransientDeliveryError):
        await idle.notifier.send(_delivery())
    assert idle.notifier.platform == "discord"
