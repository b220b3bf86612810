"""`/pause [ДД.ММ.ГГГГ]` and its buttons: no reminders while a person is away."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.services.pause import pause_action, pause_until
from bot.ui import keyboards, texts, views
from bot.ui.keyboards import PauseCb
from storage.models import Person

router = Router("pause")


@router.message_created(Command("pause"))
async def on_pause(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
) -> None:
    if person is None or person.school is None:
        await sender.send(
            user.user_id, texts.NOT_REGISTERED if person is None else texts.NO_CHECKLIST
        )
        return
    if args:
        outcome, until = await pause_until(session, person, " ".join(args), utcnow())
        await session.commit()
        await sender.send(user.user_id, views.pause_result(outcome, until))
        return
    await sender.send(
        user.user_id,
        texts.pause_status(person.paused_until),
        keyboards.pause_keyboard(person.id, person.paused_until is not None),
    )


@router.message_callback(PauseCb.filter())
async def on_pause_button(
    event: MessageCallback,
    payload: PauseCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if person is None or person.id != payload.pid or person.school is None:
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    try:
        outcome, until = await pause_action(session, person, payload.act, utcnow())
    except ValueError:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await session.commit()
    text, rows = views.pause_reply(person.id, outcome, until)
    await sender.answer_callback(cb, text=text, rows=rows)
