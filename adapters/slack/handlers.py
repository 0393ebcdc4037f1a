"""Bolt listeners: Slack events in, core requests out, replies back where only the user sees them.

- Slash commands (``/interviewed``, ``/afterview ...`` and any other we are given) become
  `Request(command=...)`. If the answer is ready within the ack budget it goes back in the ack
  itself (one round trip); otherwise the ack goes out empty and the answer follows through
  ``respond()``. Either way Slack gets its ack well within its 3 seconds.
- A DM to the bot is answered in that DM; a mention in a channel is answered with an
  ephemeral message (or, failing that, a DM), never in the open.
- A click on one of our controls becomes `Request(action=...)`; the answer replaces the
  clicked message (or, in the Home tab, is shown on top of a refreshed Home).
- Retried events (``X-Slack-Retry-Num``) are handled once, keyed by ``event_id``; a replayed
  command, click or submission (the same signature) is acked and dropped (`sightings`).

The app runs with bolt's ``process_before_response``: each listener acks, hands the slow part to
a background task and returns, so the HTTP response leaves as soon as the ack is set (bolt's
default instead polls for the ack every 10 ms). The coach is synchronous and may touch the
database, so it runs in a small pool of worker threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import ClientSession
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.ack_gate import AckGate
from adapters.slack.blocks import decode_action_id, message
from adapters.slack.escape import unescape
from adapters.slack.home import REGISTER_ACTION, home_replies, home_view
from adapters.slack.modals import CALLBACK_ID, errors_for, read_submission
from adapters.slack.response_url import ResponseUrlSender
from adapters.slack.sending import SEND_ERRORS, open_form, send_private, upload_files
from adapters.slack.sightings import Sightings, say_replayed, unless_replayed
from adapters.slack.timezones import UserTimezones
from bot.core.coach import Coach
from bot.core.messages import Action, Identity, Reply, Request
from bot.core.ports import PlatformState

PLATFORM = "slack"
ANY_COMMAND = re.compile(r"^/")
ANY_ACTION = re.compile(r".*")
SUBMIT_BUDGET = 2.0
"""Seconds a form submission waits for the core, to show errors in the modal (Slack: 3 s)."""

log = logging.getLogger(__name__)


class SlackHandlers:
    """The listeners of one Slack app, bound to one core.

    `ack_budget` is how long a slash command waits for the core before acking empty-handed.
    `core_threads` bounds how many requests the core works on at once: each holds the GIL
    while it runs, and fewer of them keep the event loop quick to ack. Work after an ack
    runs in at most `lanes` tasks at a time, each waiting its turn at `gate` (acks first).
    `offload=False` calls the coach on the event loop instead (only to measure the
    difference).
    """

    def __init__(
        self,
        coach: Coach,
        state: PlatformState,
        *,
        ack_budget: float = 0.02,
        timezones: UserTimezones | None = None,
        core_threads: int = 2,
        lanes: int = 4,
        offload: bool = True,
        gate: AckGate | None = None,
        session: ClientSession | None = None,
    ) -> None:
        self.coach = coach
        self.gate = gate or AckGate()
        self.state = state
        self.ack_budget = ack_budget
        self.timezones = timezones or UserTimezones()
        self.offload = offload
        self._executor = ThreadPoolExecutor(core_threads, thread_name_prefix="slack-core")
        self.responses = ResponseUrlSender(session=session)
        self.sightings = Sightings(state)
        self._lanes = asyncio.Semaphore(lanes)
        self._background: set[asyncio.Task[None]] = set()

    def register(self, app: AsyncApp) -> None:
        app.command(ANY_COMMAND)(self.on_command)
        app.action(ANY_ACTION)(self.on_action)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.view(CALLBACK_ID)(self.on_submission)

    async def settle(self, limit: float = 5.0) -> None:
        """Wait (up to `limit` seconds) until the work started by earlier requests is done."""
        while self._background:
            _, pending = await asyncio.wait(set(self._background), timeout=limit)
            if pending:
                return

    async def drain(self, limit: float = 5.0) -> None:
        """Give replies still in flight a moment to go out, then free the worker threads."""
        await self.settle(limit)
        await self.responses.close()
        self._executor.shutdown(wait=False)

    # -- plumbing ----------------------------------------------------------------------------

    async def ask(self, request: Request) -> Reply:
        """The core's answer, computed off the event loop."""
        if not self.offload:
            return self.coach.handle(request)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.coach.handle, request)

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the ack; keep a reference so the task is not collected mid-way."""
        task = asyncio.ensure_future(self._after_acks(work))
        self._background.add(task)
        task.add_done_callback(self._finished)

    async def _after_acks(self, work: Coroutine[Any, Any, None]) -> None:
        async with self._lanes:
            await self.gate.wait_turn()
            await work

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a Slack reply failed", exc_info=task.exception())

    async def _first_sighting(self, body: dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return True
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, self.state.first_sighting, PLATFORM, event_id
        )

    async def _tz(self, client: AsyncWebClient, who: Identity) -> str | None:
        return await self.timezones.get(client, who.workspace, who.user)

    # -- slash commands ----------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        who = Identity(PLATFORM, str(body.get("team_id", "")), str(body.get("user_id", "")))
        name = str(body.get("command", "")).lstrip("/")
        text = unescape(str(body.get("text", "")))  # escaped like any Slack text
        fresh = self.sightings.check(request.headers)
        if self.gate.in_flight > 1 or self.ack_budget <= 0:
            # Busy: other requests are waiting for their acks; answer this one after them.
            await ack()
            self._later(
                unless_replayed(
                    fresh,
                    lambda: self._respond_when_ready(
                        self._command_reply(client, who, name, text), body, client
                    ),
                )
            )
            return
        if not await fresh:
            await ack()
            say_replayed()
            return
        answer = asyncio.ensure_future(self._command_reply(client, who, name, text))
        done, _ = await asyncio.wait({answer}, timeout=self.ack_budget)
        if answer in done and answer.result().form is None:
            await ack(response_type="ephemeral", **message(answer.result()))
            return
        await ack()
        self._later(self._respond_when_ready(answer, body, client))

    async def _command_reply(
        self, client: AsyncWebClient, who: Identity, name: str, text: str
    ) -> Reply:
        tz = await self._tz(client, who)
        reply = await self.ask(Request(who, text=text, command=name, tz_hint=tz))
        self._send_files(client, who, reply)
        return reply

    def _send_files(self, client: AsyncWebClient, who: Identity, reply: Reply) -> None:
        """A reply's files (an export) follow privately in the user's DM with the bot."""
        if reply.files:
            self._later(upload_files(client, who, reply))

    async def _respond_when_ready(
        self, answer: Awaitable[Reply], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        reply = await answer
        await self.gate.wait_turn()
        if await open_form(client, body, reply, _str(body.get("channel_id"))):
            return
        await self._respond(body, {"response_type": "ephemeral", **message(reply)})

    async def _respond(self, body: dict[str, Any], payload: dict[str, Any]) -> None:
        """Send to the request's ``response_url`` (what bolt's ``respond()`` does)."""
        url = body.get("response_url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            log.warning("a reply had no response_url to go to")
            return
        try:
            await self.responses.send(url, payload)
        except SEND_ERRORS as error:
            log.warning("a reply was not delivered to its response_url: %s", error)

    # -- clicks -------------------------------------------------------------------------------

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        fresh = self.sightings.check(request.headers)
        await ack()
        self._later(unless_replayed(fresh, lambda: self._answer_click(body, action, client)))

    async def _answer_click(
        self,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        who = _interaction_identity(body)
        value = action.get("value")
        if value is None:
            value = (action.get("selected_option") or {}).get("value", "")
        clicked = Action(decode_action_id(str(action.get("action_id", ""))), str(value))
        tz = await self._tz(client, who)
        if clicked.action_id == REGISTER_ACTION:  # App Home's button: /interviewed's form
            request = Request(who, command="interviewed", tz_hint=tz)
        else:
            request = Request(who, action=clicked, tz_hint=tz)
        reply = await self.ask(request)
        container = body.get("container") or {}
        channel = _str(container.get("channel_id")) or _str((body.get("channel") or {}).get("id"))
        if await open_form(client, body, reply, channel):
            return
        if container.get("type") != "view":
            await self._respond(body, {"replace_original": True, **message(reply)})
            return
        try:
            await self._publish_home(client, who, notice=reply)
        except SEND_ERRORS as error:
            log.warning("the Home tab was not refreshed after a click: %s", error)

    # -- events (bolt acks them when the listener returns) -------------------------------------

    async def on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        self._later(self._answer_dm(body, event, client))

    async def _answer_dm(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if not await self._first_sighting(body):
            return
        who = _event_identity(body, event)
        text = unescape(str(event.get("text", "")))
        request = Request(who, text=text, tz_hint=await self._tz(client, who))
        reply = await self.ask(request)
        self._send_files(client, who, reply)
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
        if event.get("bot_id"):
            return
        self._later(self._answer_mention(body, event, client, context.bot_user_id))

    async def _answer_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: AsyncWebClient,
        bot_user_id: str | None,
    ) -> None:
        if not await self._first_sighting(body):
            return
        who = _event_identity(body, event)
        text = unescape(_without_mention(str(event.get("text", "")), bot_user_id))
        reply = await self.ask(Request(who, text=text, tz_hint=await self._tz(client, who)))
        await send_private(
            client, who, str(event.get("channel", "")), reply, event.get("thread_ts")
        )

    # -- form submissions ----------------------------------------------------------------------

    async def on_submission(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        request: AsyncBoltRequest,
    ) -> None:
        """A modal of ours was submitted: errors the core pins to an input are shown in the
        still-open modal; anything else closes it and the answer is sent privately."""
        fresh = self.sightings.check(request.headers)
        if not await fresh:
            await ack()
            say_replayed()
            return
        submitted = read_submission(view)
        who = _interaction_identity(body)
        if submitted is None or not who.user:
            await ack()
            return
        asked = submitted.form.answer(who, submitted.values, tz_hint=await self._tz(client, who))
        answer = asyncio.ensure_future(self.ask(asked))
        done, _ = await asyncio.wait({answer}, timeout=SUBMIT_BUDGET)
        if answer in done:
            errors = errors_for(submitted.form, answer.result().invalid)
            if errors:
                await ack(response_action="errors", errors=errors)
                return
        await ack()
        self._later(self._send_when_ready(client, who, submitted.channel, answer))

    async def _send_when_ready(
        self, client: AsyncWebClient, who: Identity, channel: str | None, answer: Awaitable[Reply]
    ) -> None:
        await send_private(client, who, channel, await answer)

    async def on_uninstalled(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """The app was removed from a workspace or its tokens revoked: say so, plainly."""
        log.warning(
            "Slack: %s for workspace %s; nudges there fail until the app is reinstalled",
            "app uninstalled" if event.get("type") == "app_uninstalled" else "tokens revoked",
            body.get("team_id") or "?",
        )

    async def on_home_opened(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab") == "home":
            self._later(self._refresh_home(client, _event_identity(body, event)))

    async def _refresh_home(self, client: AsyncWebClient, who: Identity) -> None:
        try:
            await self._publish_home(client, who)
        except SEND_ERRORS as error:
            log.warning("the Home tab was not published: %s", error)

    async def _publish_home(
        self, client: AsyncWebClient, who: Identity, notice: Reply | None = None
    ) -> None:
        loop = asyncio.get_running_loop()
        panels = await loop.run_in_executor(self._executor, home_replies, self.coach, who)
        await client.views_publish(user_id=who.user, view=home_view(panels, notice))


def _interaction_identity(body: dict[str, Any]) -> Identity:
    """Who clicked or submitted: the payload's user, in their team (or the payload's)."""
    user = body.get("user") or {}
    team = str(user.get("team_id") or (body.get("team") or {}).get("id") or "")
    return Identity(PLATFORM, team, str(user.get("id", "")))


def _event_identity(body: dict[str, Any], event: dict[str, Any]) -> Identity:
    team = event.get("user_team") or event.get("team") or body.get("team_id") or ""
    return Identity(PLATFORM, str(team), str(event.get("user", "")))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _without_mention(text: str, bot_user_id: str | None) -> str:
    """The question without the ``<@BOT>`` that addressed it."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())
