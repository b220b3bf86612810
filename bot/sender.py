"""The one outgoing path to MAX: every message and callback answer goes through here.

Handlers and jobs never call `bot.send_message` themselves, so rate limiting, retries and
"unreachable" marking have a single home.
"""

from __future__ import annotations

import logging
from typing import Any

from maxapi import Bot
from maxapi.enums.parse_mode import ParseMode
from maxapi.types.updates.message_callback import MessageForCallback

log = logging.getLogger(__name__)

MAX_TEXT = 3999  # maxapi rejects len(text) >= 4000


def _fit(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class Sender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, user_id: int, text: str, keyboard: Any = None) -> None:
        await self.bot.send_message(
            user_id=user_id,
            text=_fit(text),
            attachments=[keyboard] if keyboard is not None else [],
            format=ParseMode.HTML,
        )

    async def answer_callback(
        self,
        callback_id: str,
        *,
        notification: str | None = None,
        text: str | None = None,
        keyboard: Any = None,
    ) -> None:
        """Answer a button press: a toast, and optionally replace the message it was on."""
        message = None
        if text is not None:
            message = MessageForCallback(
                text=_fit(text),
                attachments=[keyboard] if keyboard is not None else [],
                format=ParseMode.HTML,
            )
        await self.bot.send_callback(
            callback_id=callback_id, message=message, notification=notification
        )
