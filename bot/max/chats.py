"""What MAX tells about a group chat the bot is in: its title, whether the bot is an
administrator of it, and — only then — who its members are (MAX shows an administrator the
members and their arrivals; anyone else only `bot_added` / `bot_removed`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)

PAGE = 100  # members a page: MAX's maximum
MAX_PAGES = 50  # 5,000 members: no class chat is larger; a superchat is read no further


@dataclass(frozen=True)
class ChatFacts:
    title: str | None  # None: MAX did not say
    bot_admin: bool | None  # None: MAX did not say
    participants: int | None = None  # MAX's participants_count


@dataclass(frozen=True)
class SeenMember:
    """A person in the chat (bots are left out) as MAX lists them."""

    user_id: int
    joined_at: datetime | None
    last_access_at: datetime | None


def from_ms(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, UTC) if value else None


async def chat_facts(bot: Any, chat_id: int) -> ChatFacts:
    """`GET /chats/{id}` and `GET /chats/{id}/members/me`; either may fail (the chat is
    recorded without what it did not tell)."""
    title = bot_admin = participants = None
    try:
        chat = await bot.get_chat_by_id(chat_id)
        title, participants = chat.title, chat.participants_count
    except Exception as exc:  # the title is a nicety
        log.info("chat %s: title unknown (%s)", chat_id, type(exc).__name__)
    try:
        bot_admin = bool((await bot.get_me_from_chat(chat_id)).is_admin)
    except Exception as exc:
        log.info("chat %s: the bot's rights unknown (%s)", chat_id, type(exc).__name__)
    return ChatFacts(title, bot_admin, participants)


async def chat_members(bot: Any, chat_id: int) -> list[SeenMember] | None:
    """Everyone in the chat but bots (`GET /chats/{id}/members`, page by page); None when MAX
    refuses (the bot is not an administrator) or fails — the chat is read again later."""
    out: list[SeenMember] = []
    marker: int | None = None
    for _ in range(MAX_PAGES):
        try:
            page = await bot.get_chat_members(chat_id=chat_id, marker=marker, count=PAGE)
        except Exception as exc:
            log.info("chat %s: members not read (%s)", chat_id, type(exc).__name__)
            return None
        out.extend(
            SeenMember(m.user_id, from_ms(m.join_time), from_ms(m.last_access_time))
            for m in page.members
            if not m.is_bot
        )
        marker = page.marker
        if not marker:
            break
    return out
