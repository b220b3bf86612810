"""What MAX tells about a group chat the bot was just added to: its title and whether the bot
is an administrator of it (only then does MAX show the bot its members and their arrivals)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatFacts:
    title: str | None  # None: MAX did not say
    bot_admin: bool | None  # None: MAX did not say


async def chat_facts(bot: Any, chat_id: int) -> ChatFacts:
    """`GET /chats/{id}` and `GET /chats/{id}/members/me`; either may fail (the chat is
    recorded without what it did not tell)."""
    title = bot_admin = None
    try:
        title = (await bot.get_chat_by_id(chat_id)).title
    except Exception as exc:  # the title is a nicety
        log.info("chat %s: title unknown (%s)", chat_id, type(exc).__name__)
    try:
        bot_admin = bool((await bot.get_me_from_chat(chat_id)).is_admin)
    except Exception as exc:
        log.info("chat %s: the bot's rights unknown (%s)", chat_id, type(exc).__name__)
    return ChatFacts(title, bot_admin)
