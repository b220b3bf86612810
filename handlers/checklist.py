"""The walk-through: `/checklist`, item buttons, menu buttons. For school staff only."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services.checklist import answer_item, load_view
from bot.ui import texts
from bot.ui.keyboards.checklist import AnswerCb, MenuCb, OpenItemCb, long_status
from bot.ui.texts import checklist as t
from bot.ui.views import checklist as views
from bot.vocab import SCHOOL_ROLES
from handlers.access import STAFF_BUTTON, Access
from handlers.middlewares import Deliver
from handlers.replies import answer
from storage.models import Person

router = Router("checklist")


@router.message_created(Command("checklist"), Access(*SCHOOL_ROLES, refused=texts.NO_CHECKLIST))
async def on_checklist(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    view = await load_view(session, caller, utcnow())
    await sender.send(user.user_id, *views.overview_message(view))


@router.message_callback(AnswerCb.filter(), *STAFF_BUTTON)
async def on_answer(
    event: MessageCallback,
    payload: AnswerCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
) -> None:
    try:
        status, seen = long_status(payload.act), long_status(payload.seen)
    except KeyError:
        status = None
    if status is None:
        await sender.answer_callback(event.callback.callback_id, notification=texts.UNKNOWN_BUTTON)
        return
    result = await answer_item(
        session, caller, ref=payload.code, status=status, seen_status=seen, now=utcnow(),
        policy=policy,
    )  # fmt: skip
    await session.commit()
    await answer(sender, event, views.answer_reply(result, status))
    if result.help_keys is not None:
        await deliver(result.help_keys)


@router.message_callback(OpenItemCb.filter(), *STAFF_BUTTON)
async def on_open_item(
    event: MessageCallback, payload: OpenItemCb, session: AsyncSession, caller: Person,
    sender: Reply,
) -> None:  # fmt: skip
    cb = event.callback.callback_id
    view = await load_view(session, caller, utcnow())
    state = view.state(payload.code)
    if state is None:
        await sender.answer_callback(cb, notification=t.NOT_APPLICABLE_BUTTON)
        return
    text, rows = views.item_message(view, state)
    await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(MenuCb.filter(), *STAFF_BUTTON)
async def on_menu(
    event: MessageCallback, payload: MenuCb, session: AsyncSession, caller: Person,
    sender: Reply,
) -> None:  # fmt: skip
    cb = event.callback.callback_id
    view = await load_view(session, caller, utcnow())
    if payload.act == "next":
        text, rows = views.first_open_message(view)
    elif payload.act == "list":
        text, rows = views.overview_message(view)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(cb, text=text, rows=rows)
