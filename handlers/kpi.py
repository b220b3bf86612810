"""KPI figures: `/kpi [staff|parents N]` and its keypad (administrators)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import kpi
from bot.ui.keyboards import kpi as kb
from bot.ui.views import kpi as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
from handlers.replies import answer
from storage.models import Person

router = Router("kpi")


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


# A keypad drawn for someone else (or a stranger) is refused before the role is looked at; the
# owner check comes first (a router's own inner middlewares would run before it).
@router.message_callback(kb.KpiCb.filter(), OwnButton(), Access(Role.ADMIN))
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
    await answer(sender, event, views.keypad_answer(step, caller.id, payload.indicator))
