"""Class chats: the bot being added to / removed from group chats, and what a chat is for.

`bot_added` / `bot_removed` serve whoever added or removed the bot (a stranger's chat is
recorded too); the purpose buttons are for the person who added it (checked in the service).
"""

from __future__ import annotations

from maxapi import Router
from maxapi.types import BotAdded, BotRemoved, MessageCallback
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.chats import chat_facts
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


@router.message_callback(kb.ChatPurposeCb.filter(), Access(*Role, scoped=False))
async def on_chat_purpose(
    event: MessageCallback,
    payload: kb.ChatPurposeCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.purpose != kb.OTHER and payload.purpose not in set(ChatPurpose):
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    purpose = None if payload.purpose == kb.OTHER else ChatPurpose(payload.purpose)
    result = await chats.choose_purpose(session, caller, payload.chat_row_id, purpose, utcnow())
    await session.commit()
    await answer(sender, event, views.purpose_answer(result, caller.id))
