"""The group chats the bot was added to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat


async def chat_by_max_id(session: AsyncSession, chat_id: int) -> Chat | None:
    return await session.scalar(select(Chat).where(Chat.chat_id == chat_id))


async def unclaimed_of(session: AsyncSession, max_user_id: int) -> list[Chat]:
    """Chats this MAX user added the bot to (or owns) while not registered: no school yet."""
    rows = await session.scalars(
        select(Chat)
        .where(
            Chat.added_by_user_id == max_user_id,
            Chat.school_id.is_(None),
            Chat.added_by.is_(None),
            Chat.removed_at.is_(None),
        )
        .order_by(Chat.id)
    )
    return list(rows)


async def get_chat(session: AsyncSession, row_id: int) -> Chat | None:
    return await session.get(Chat, row_id)


async def upsert_chat(
    session: AsyncSession,
    *,
    chat_id: int,
    title: str | None,
    school_id: int | None,
    added_by: int | None,
    added_by_user_id: int | None,
    added_at: datetime,
) -> Chat:
    """Record that the bot is in `chat_id` (again): the adder and time are updated, the row's
    purpose is kept, a removal is cleared. A title of None does not erase a known title."""
    chat = await chat_by_max_id(session, chat_id)
    if chat is None:
        chat = Chat(chat_id=chat_id)
        session.add(chat)
    if title is not None or chat.title is None:
        chat.title = title
    chat.school_id = school_id
    chat.added_by = added_by
    chat.added_by_user_id = added_by_user_id
    chat.added_at = added_at
    chat.removed_at = None
    await session.flush()
    return chat
