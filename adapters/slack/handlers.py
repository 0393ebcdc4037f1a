"""Bolt listeners: Slack events in, core requests out, replies back where only the user sees them.

- Slash commands (``/interviewed``, ``/afterview ...`` and any other we are given) become
  `Request(command=...)`; the answer is acknowledged as an ephemeral reply when it is ready
  within the ack budget, else the ack goes out empty and the reply follows via ``respond()``.
- A DM to the bot is answered in that DM; a mention in a channel is answered with an
  ephemeral message (or, failing that, a DM), never in the open.
- A click on one of our controls becomes `Request(action=...)`; the answer replaces the
  clicked message (or, in the Home tab, is shown on top of a refreshed Home).
- Retried events (``X-Slack-Retry-Num``) are handled once, keyed by ``event_id``.

The coach is synchronous and may touch the database, so it runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from aiohttp import ClientError
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import decode_action_id, message
from adapters.slack.home import home_replies, home_view
from adapters.slack.timezones import UserTimezones
from bot.coach import Coach
from bot.model import Action, Identity, Reply, Request
from bot.platform_state import PlatformState

PLATFORM = "slack"
ANY_COMMAND = re.compile(r"^/")
ANY_ACTION = re.compile(r".*")
SEND_ERRORS = (SlackApiError, ClientError, OSError, TimeoutError)

log = logging.getLogger(__name__)


class SlackHandlers:
    """The listeners of one Slack app, bound to one core."""

    def __init__(
        self,
        coach: Coach,
        state: PlatformState,
        *,
        ack_budget: float = 2.0,
        timezones: UserTimezones | None = None,
    ) -> None:
        self.coach = coach
        self.state = state
        self.ack_budget = ack_budget
        self.timezones = timezones or UserTimezones()
        self._background: set[asyncio.Task[Any]] = set()

    def register(self, app: AsyncApp) -> None:
        app.command(ANY_COMMAND)(self.on_command)
        app.action(ANY_ACTION)(self.on_action)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)

    # -- the core, off the event loop --------------------------------------------------------

    async def ask(self, request: Request) -> Reply:
        return await asyncio.to_thread(self.coach.handle, request)

    async def _first_sighting(self, body: dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return True
        return await asyncio.to_thread(self.state.first_sighting, PLATFORM, event_id)

    async def _tz(self, client: AsyncWebClient, who: Identity) -> str | None:
        return await self.timezones.get(client, who.workspace, who.user)

    # -- slash commands ----------------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        who = Identity(PLATFORM, str(body.get("team_id", "")), str(body.get("user_id", "")))
        name = str(body.get("command", "")).lstrip("/")
        task = asyncio.ensure_future(self._command_reply(client, who, name, body))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.ack_budget)
        except TimeoutError:
            await ack()
            reply = await task
            try:
                await respond(response_type="ephemeral", **message(reply))
            except SEND_ERRORS as error:
                log.warning("late reply to a slash command was not delivered: %s", error)
            return
        await ack(response_type="ephemeral", **message(reply))

    async def _command_reply(
        self, client: AsyncWebClient, who: Identity, name: str, body: dict[str, Any]
    ) -> Reply:
        tz = await self._tz(client, who)
        return await self.ask(
            Request(who, text=str(body.get("text", "")), command=name, tz_hint=tz)
        )

    # -- clicks -------------------------------------------------------------------------------

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        user = body.get("user") or {}
        team = str(user.get("team_id") or (body.get("team") or {}).get("id") or "")
        who = Identity(PLATFORM, team, str(user.get("id", "")))
        value = action.get("value")
        if value is None:
            value = (action.get("selected_option") or {}).get("value", "")
        clicked = Action(decode_action_id(str(action.get("action_id", ""))), str(value))
        reply = await self.ask(Request(who, action=clicked, tz_hint=await self._tz(client, who)))
        container = body.get("container") or {}
        try:
            if container.get("type") == "view":
                await self._publish_home(client, who, notice=reply)
            else:
                await respond(replace_original=True, **message(reply))
        except (*SEND_ERRORS, ValueError) as error:
            log.warning("the answer to a click was not delivered: %s", error)

    # -- events -------------------------------------------------------------------------------

    async def on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not await self._first_sighting(body):
            return
        who = _event_identity(body, event)
        request = Request(who, text=str(event.get("text", "")), tz_hint=await self._tz(client, who))
        reply = await self.ask(request)
        try:
            await client.chat_postMessage(
                channel=str(event["channel"]),
                unfurl_links=False,
                unfurl_media=False,
                **message(reply),
            )
        except SEND_ERRORS as error:
            log.warning("a DM reply was not delivered: %s", error)

    async def on_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("bot_id") or not await self._first_sighting(body):
            return
        who = _event_identity(body, event)
        text = _without_mention(str(event.get("text", "")), context.bot_user_id)
        reply = await self.ask(Request(who, text=text, tz_hint=await self._tz(client, who)))
        channel = str(event.get("channel", ""))
        thread = event.get("thread_ts")
        try:
            await client.chat_postEphemeral(
                channel=channel, user=who.user, thread_ts=thread, **message(reply)
            )
            return
        except SEND_ERRORS as error:
            log.info("ephemeral reply to a mention failed, sending a DM: %s", error)
        try:
            opened = await client.conversations_open(users=who.user)
            await client.chat_postMessage(
                channel=str(opened["channel"]["id"]),
                unfurl_links=False,
                unfurl_media=False,
                **message(reply),
            )
        except (*SEND_ERRORS, KeyError, TypeError) as error:
            log.warning("a reply to a mention was not delivered: %s", error)

    async def on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") != "home":
            return
        who = _event_identity(body, event)
        try:
            await self._publish_home(client, who)
        except SEND_ERRORS as error:
            log.warning("the Home tab was not published: %s", error)

    async def _publish_home(
        self, client: AsyncWebClient, who: Identity, notice: Reply | None = None
    ) -> None:
        panels = await asyncio.to_thread(home_replies, self.coach, who)
        await client.views_publish(user_id=who.user, view=home_view(panels, notice))


def _event_identity(body: dict[str, Any], event: dict[str, Any]) -> Identity:
    team = event.get("user_team") or event.get("team") or body.get("team_id") or ""
    return Identity(PLATFORM, str(team), str(event.get("user", "")))


def _without_mention(text: str, bot_user_id: str | None) -> str:
    """The question without the ``<@BOT>`` that addressed it."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())
