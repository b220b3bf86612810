"""`/forget_me`: a person removes their personal data (after a confirmation). Everyone
registered."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services.privacy import forget
from bot.ui import texts
from bot.ui.keyboards.privacy import ForgetCb, forget_keyboard
from bot.ui.texts import privacy as t
from bot.ui.views.common import next_step_rows
from bot.vocab import Role
from handlers.access import Access, OwnButton
from storage.models import Person

router = Router("privacy")
# Anyone registered may erase their data, with or without a school (152-ФЗ).
ANYONE = Access(*Role, scoped=False)


@router.message_created(Command("forget_me"), ANYONE)
async def on_forget_me(event: MessageCreated, caller: Person, sender: Reply, user: User) -> None:
    await sender.send(user.user_id, t.FORGET_ASK, forget_keyboard(caller.id))


@router.message_callback(
    ForgetCb.filter(), Access(*Role, scoped=False, stranger=texts.FOREIGN_BUTTON), OwnButton()
)
async def on_forget_button(
    event: MessageCallback, payload: ForgetCb, session: AsyncSession, caller: Person,
    sender: Reply,
) -> None:  # fmt: skip
    cb = event.callback.callback_id
    if payload.act != "yes":
        await sender.answer_callback(cb, text=t.FORGET_CANCELLED, rows=next_step_rows(caller))
        return
    await forget(session, caller, utcnow(), by="self")  # commits
    await sender.answer_callback(cb, text=t.FORGOTTEN)
