"""`/help` for the caller's role, and a hint for anything not understood (never silence).
Open to everyone, strangers included."""

from __future__ import annotations

from maxapi import F, Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User

from bot.max.reply import Reply
from bot.ui import texts
from bot.ui.keyboards.common import HELP, CommonCb
from bot.ui.views import common as views
from storage.models import Person

router = Router("common")


@router.message_created(Command("help"))
async def on_help(event: MessageCreated, person: Person | None, sender: Reply, user: User) -> None:
    await sender.send(user.user_id, *views.help_message(person))


@router.message_created(F.message.recipient.chat_type == "dialog")
async def on_other_text(
    event: MessageCreated, person: Person | None, sender: Reply, user: User
) -> None:
    body = event.message.body
    await sender.send(user.user_id, *views.hint(person, body.text if body else None))


@router.message_callback(CommonCb.filter())
async def on_common_button(
    event: MessageCallback, payload: CommonCb, person: Person | None, sender: Reply, user: User
) -> None:
    """«❓ Помощь»: what `/help` says, for the caller's role as the database has it."""
    if payload.act != HELP:
        await sender.answer_callback(event.callback.callback_id, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(event.callback.callback_id, notification="❓")
    await sender.send(user.user_id, *views.help_message(person))


@router.message_callback()
async def on_unknown_button(event: MessageCallback, sender: Reply) -> None:
    await sender.answer_callback(event.callback.callback_id, notification=texts.UNKNOWN_BUTTON)
