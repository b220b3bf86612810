"""The school-year roll-over: `/rollover` shows the preview, buttons correct it class by class
and confirm it (administrators)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import rollover
from bot.services.rollover import Outcome
from bot.ui.keyboards.rollover import RolloverCb
from bot.ui.texts import rollover as t
from bot.ui.views import rollover as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
from storage.models import Person

router = Router("rollover")
router.register_inner_middleware(Access(Role.ADMIN))

TOASTS = {Outcome.STALE: t.STALE, Outcome.UNKNOWN: t.UNKNOWN, Outcome.CLASH: t.CLASH}


@router.message_created(Command("rollover"))
async def on_rollover(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    view = await rollover.show(session, caller, utcnow())
    await sender.send(user.user_id, *views.rollover_message(view, caller.id))


@router.message_callback(RolloverCb.filter(), OwnButton())
async def on_rollover_button(
    event: MessageCallback,
    payload: RolloverCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb, now, page = event.callback.callback_id, utcnow(), payload.page
    match payload.act:
        case "yes":
            view = await rollover.confirm(session, caller, payload.digest, now)
        case "set":
            view = await rollover.correct(
                session, caller, payload.class_id, now, action=payload.action
            )
        case "who":
            view = await rollover.correct(
                session, caller, payload.class_id, now, teacher_id=payload.teacher_id
            )
        case "class":
            view = await rollover.focus(session, caller, payload.class_id, now)
        case "show" | "fix":
            view = await rollover.show(session, caller, now)
        case _:
            view = rollover.RolloverView(Outcome.UNKNOWN)
    await session.commit()
    if view.outcome in TOASTS:
        await sender.answer_callback(cb, notification=TOASTS[view.outcome])
        return
    if view.focus is not None:
        rendered = views.class_message(view, caller.id, page)
    elif payload.act == "fix" and view.preview is not None:
        rendered = views.classes_message(view, caller.id, page)
    else:
        rendered = views.rollover_message(view, caller.id)
    await sender.answer_callback(cb, text=rendered[0], rows=rendered[1])
