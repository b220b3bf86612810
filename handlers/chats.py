"""Class chats: the bot being added to / removed from group chats, what a chat is for, and
who joins and leaves the chats it administers.

`bot_added` / `bot_removed` serve whoever added or removed the bot (a stranger's chat is
recorded too); the purpose buttons are for the person who added it (checked in the service);
`user_added` / `user_removed` (MAX sends them only where the bot is an administrator) are
counted and never answered. `bot_admin_permissions_changed` is newer than maxapi: the seam
`bot.max.seam` hands it to `bot.services.chats.rights_changed` before maxapi parses.
"""

from __future__ import annotations

from maxapi import Router
from maxapi.types import BotAdded, BotRemoved, MessageCallback, UserAdded, UserRemoved
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.chats import chat_facts, from_ms
from bot.max.reply import Reply
from bot.services import chats
from bot.ui import texts
from bot.ui.keyboards import chats as kb
from bot.ui.views import chats as views
from bot.vocab import ChatPurpose, Role
from handlers.access import Access
from handlers.replies import answer
from storage.models import Person

router = Router("chats")


@router.bot_added()
async def on_bot_added(
    event: BotAdded, session: AsyncSession, person: Person | None, sender: Reply
) -> None:
    bot = event.bot
    assert bot is not None  # maxapi binds the bot to every update it dispatches
    facts = await chat_facts(bot, event.chat_id)
    result = await chats.bot_added(
        session, person, chat_id=event.chat_id, user_id=event.user.user_id, title=facts.title,
        is_channel=event.is_channel, now=utcnow(), bot_admin=facts.bot_admin,
        participants=facts.participants,
    )  # fmt: skip
    await session.commit()
    # in the adder's dialog; the bot stays silent in the group itself
    for text, rows in views.added_messages(result):
        await sender.send(event.user.user_id, text, rows)


@router.bot_removed()
async def on_bot_removed(event: BotRemoved, session: AsyncSession, person: Person | None) -> None:
    await chats.bot_removed(
        session, person, chat_id=event.chat_id, user_id=event.user.user_id, now=utcnow()
    )
    await session.commit()


@router.user_added()
async def on_user_added(event: UserAdded, session: AsyncSession) -> None:
    now = utcnow()
    await chats.member_joined(
        session, chat_id=event.chat_id, user_id=event.user.user_id, is_bot=event.user.is_bot,
        at=from_ms(event.timestamp) or now, now=now,
    )  # fmt: skip
    await session.commit()


@router.user_removed()
async def on_user_removed(event: UserRemoved, session: AsyncSession) -> None:
    await chats.member_left(
        session, chat_id=event.chat_id, user_id=event.user.user_id, now=utcnow()
    )
    await session.commit()


@router.message_callback(kb.ChatClassCb.filter(), Access(*Role, scoped=False))
@router.message_callback(kb.ChatPurposeCb.filter(), Access(*Role, scoped=False))
async def on_chat_purpose(
    event: MessageCallback,
    payload: kb.ChatPurposeCb | kb.ChatClassCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.purpose != kb.OTHER and payload.purpose not in set(ChatPurpose):
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    purpose = None if payload.purpose == kb.OTHER else ChatPurpose(payload.purpose)
    class_id = getattr(payload, "class_id", 0) or None
    result = await chats.choose_purpose(
        session, caller, payload.chat_row_id, purpose, utcnow(), class_id
    )
    await session.commit()
    await answer(sender, event, views.purpose_answer(result, caller.id))
