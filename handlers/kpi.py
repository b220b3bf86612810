"""KPI figures: `/kpi [staff|parents N]` and its keypad (administrators)."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.filters.middleware import BaseMiddleware, HandlerCallable
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import kpi
from bot.ui import texts
from bot.ui.keyboards import kpi as kb
from bot.ui.views import kpi as views
from bot.vocab import Role
from handlers.access import Access
from storage.models import Person

router = Router("kpi")


class OwnKeypad(BaseMiddleware):
    """A keypad drawn for someone else (or a stranger) is refused before the role is looked
    at: «Эта кнопка не для вас»."""

    async def __call__(
        self, handler: HandlerCallable, event_object: Any, data: dict[str, Any]
    ) -> Any:
        person: Person | None = data.get("person")
        payload: kb.KpiCb = data["payload"]
        if person is None or person.id != payload.person_id:
            sender: Reply = data["sender"]
            callback_id = event_object.callback.callback_id
            await sender.answer_callback(callback_id, notification=texts.FOREIGN_BUTTON)
            return None
        return await handler(event_object, data)


@router.message_created(Command("kpi"), Access(Role.ADMIN))
async def on_kpi(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
) -> None:
    result = await kpi.kpi_command(session, caller, args, utcnow())
    await session.commit()
    await sender.send(user.user_id, *views.typed_message(result, caller.id))


# The owner check comes first (a router's own inner middlewares would run before it).
@router.message_callback(kb.KpiCb.filter(), OwnKeypad(), Access(Role.ADMIN))
async def on_kpi_button(
    event: MessageCallback,
    payload: kb.KpiCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    step = await kpi.keypad(
        session, caller, payload.act, payload.indicator, payload.value, utcnow()
    )
    await session.commit()
    toast, text, rows = views.keypad_answer(step, caller.id, payload.indicator)
    await sender.answer_callback(
        event.callback.callback_id, notification=toast, text=text, rows=rows
    )
