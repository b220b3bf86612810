"""`/pause [ДД.ММ.ГГГГ]` and its buttons: no reminders while a person is away. School staff."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services.pause import example_date, pause_action, pause_until
from bot.ui import texts
from bot.ui.keyboards.pause import PauseCb
from bot.ui.views import pause as views
from bot.vocab import SCHOOL_ROLES
from handlers.access import PERSONAL_BUTTON, Access
from storage.models import Person

router = Router("pause")


@router.message_created(Command("pause"), Access(*SCHOOL_ROLES, refused=texts.NO_CHECKLIST))
async def on_pause(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
) -> None:
    if args:
        now = utcnow()
        outcome, until = await pause_until(session, caller, " ".join(args), now)
        await session.commit()
        example = example_date(caller, now)
        await sender.send(user.user_id, views.pause_result(outcome, until, example))
        return
    await sender.send(user.user_id, *views.pause_menu(caller))


@router.message_callback(PauseCb.filter(), *PERSONAL_BUTTON)
async def on_pause_button(
    event: MessageCallback, payload: PauseCb, session: AsyncSession, caller: Person,
    sender: Reply,
) -> None:  # fmt: skip
    cb = event.callback.callback_id
    now = utcnow()
    try:
        outcome, until = await pause_action(session, caller, payload.act, now)
    except ValueError:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await session.commit()
    text, rows = views.pause_reply(caller.id, outcome, until, example_date(caller, now))
    await sender.answer_callback(cb, text=text, rows=rows)
