"""Ways a reply leaves other than the ack: a modal, an ephemeral message or DM, files.

Each failure is logged and swallowed: the user's request was already acknowledged, and a
reply that cannot be delivered must not take the listener down with it.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import message
from adapters.slack.files import send_files_privately
from adapters.slack.modals import modal_view
from bot.core.messages import Identity, Reply

SEND_ERRORS = (SlackApiError, ClientError, OSError, TimeoutError)
"""What a call to Slack raises when the reply did not get through."""

log = logging.getLogger(__name__)


async def upload_files(client: AsyncWebClient, who: Identity, reply: Reply) -> None:
    """A reply's files (an export), privately in the user's DM with the bot."""
    try:
        await send_files_privately(client, who, reply.files)
    except (*SEND_ERRORS, KeyError, TypeError) as error:
        log.warning("files for a reply were not delivered: %s", error)


async def open_form(
    client: AsyncWebClient, body: dict[str, Any], reply: Reply, channel: str | None
) -> bool:
    """Open the reply's form as a modal (with the request's ``trigger_id``); False when
    there is none or Slack would not open it, and the reply is shown instead."""
    trigger = body.get("trigger_id")
    if reply.form is None or not isinstance(trigger, str) or not trigger:
        return False
    try:
        await client.views_open(trigger_id=trigger, view=modal_view(reply.form, channel))
    except (*SEND_ERRORS, ValueError) as error:
        log.warning("a form could not be opened as a modal: %s", error)
        return False
    return True


async def send_private(
    client: AsyncWebClient,
    who: Identity,
    channel: str | None,
    reply: Reply,
    thread_ts: Any = None,
) -> None:
    """An ephemeral message to `who` in `channel`, or failing that (or without one) a DM."""
    if channel:
        try:
            await client.chat_postEphemeral(
                channel=channel, user=who.user, thread_ts=thread_ts, **message(reply)
            )
            return
        except SEND_ERRORS as error:
            log.info("an ephemeral reply failed, sending a DM: %s", error)
    try:
        opened = await client.conversations_open(users=who.user)
        await client.chat_postMessage(
            channel=str(opened["channel"]["id"]),
            unfurl_links=False,
            unfurl_media=False,
            **message(reply),
        )
    except (*SEND_ERRORS, KeyError, TypeError) as error:
        log.warning("a private reply was not delivered: %s", error)
