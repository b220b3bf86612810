"""`/forget_me`: a person removes their personal data (after a confirmation)."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.services.privacy import forget
from bot.ui import texts
from bot.ui.keyboards import ForgetCb, forget_keyboard
from storage.models import Person

router = Router("privacy")


@router.message_created(Command("forget_me"))
async def on_forget_me(
    event: MessageCreated, person: Person | None, sender: Sender, user: Any
) -> None:
    if person is None:
        await sender.send(user.user_id, texts.NOT_REGISTERED)
        return
    await sender.send(user.user_id, texts.FORGET_ASK, forget_keyboard(person.id))


@router.message_callback(ForgetCb.filter())
async def on_forget_button(
    event: MessageCallback,
    payload: ForgetCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if person is None or person.id != payload.pid:
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    if payload.act != "yes":
        await sender.answer_callback(cb, text=texts.FORGET_CANCELLED)
        return
    await forget(session, person, utcnow(), by="self")
    await session.commit()
    await sender.answer_callback(cb, text=texts.FORGOTTEN)
