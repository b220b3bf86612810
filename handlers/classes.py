"""A school's classes: `/classes` lists them; buttons open a class, ask for a label or a size
to type, choose and remove class teachers (the administrator; a teacher: their own classes'
sizes). The typed label or size arrives through `handlers.inputs`."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import classes
from bot.ui.keyboards.classes import ClassesCb
from bot.ui.views import classes as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
from storage.models import Person

router = Router("classes")
router.register_inner_middleware(Access(Role.ADMIN, Role.TEACHER, Role.CLASS_TEACHER))


@router.message_created(Command("classes"))
async def on_classes(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    view = await classes.show(session, caller, utcnow())
    await session.commit()
    await sender.send(user.user_id, *views.classes_message(view, caller.id))


@router.message_callback(ClassesCb.filter(), OwnButton())
async def on_classes_button(
    event: MessageCallback, payload: ClassesCb, session: AsyncSession, caller: Person,
    sender: Reply,
) -> None:  # fmt: skip
    now, class_id = utcnow(), payload.class_id
    match payload.act:
        case "list":
            view = await classes.show(session, caller, now)
        case "class":
            view = await classes.focus(session, caller, class_id, now)
        case "add":
            view = await classes.ask_label(session, caller, now)
        case "size":
            view = await classes.ask_size(session, caller, class_id, now)
        case "pick":
            view = await classes.pick_teacher(session, caller, class_id, now)
        case "set":
            view = await classes.assign(session, caller, class_id, payload.teacher_id, now)
        case "unset":
            view = await classes.unassign(session, caller, class_id, payload.teacher_id, now)
        case "close":
            view = await classes.ask_close(session, caller, class_id, now)
        case "shut":
            view = await classes.close(session, caller, class_id, now)
        case "parents":
            view = await classes.guide(session, caller, class_id, now, classes.Outcome.PARENTS_TEXT)
        case "howto":
            view = await classes.guide(session, caller, class_id, now, classes.Outcome.HOWTO)
        case _:
            view = classes.ClassesView(classes.Outcome.STALE)
    await session.commit()
    cb = event.callback.callback_id
    if view.outcome in views.TOASTS:
        await sender.answer_callback(cb, notification=views.TOASTS[view.outcome])
        return
    text, rows = views.classes_result(view, caller.id, payload.page)
    await sender.answer_callback(cb, text=text, rows=rows)
