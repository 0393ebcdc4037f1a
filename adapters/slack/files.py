"""Files with a reply (an export) go to the user's own DM with the bot, never a channel.

Uses the Web API's external upload (``files_upload_v2``: get an upload URL, send the bytes,
complete the upload into the DM channel), so only the user sees them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Attachment, Identity

log = logging.getLogger(__name__)


async def send_files_privately(
    client: AsyncWebClient, who: Identity, files: Sequence[Attachment]
) -> None:
    opened = await client.conversations_open(users=who.user)
    channel = str(opened["channel"]["id"])
    await client.files_upload_v2(
        channel=channel,
        file_uploads=[
            {"content": f.content, "filename": f.filename, "title": f.filename} for f in files
        ],
        initial_comment="Your Afterview export: only you can see these files.",
    )
