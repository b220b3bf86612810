"""The walk-through: `/checklist`, item buttons, menu buttons."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services.checklist import AnswerOutcome, answer_item, has_checklist, load_view
from bot.ui import texts, views
from bot.ui.keyboards import AnswerCb, MenuCb, OpenItemCb, long_status
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("checklist")


@router.message_created(Command("checklist"))
async def on_checklist(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    if person is None:
        await sender.send(user.user_id, texts.NOT_REGISTERED)
    elif not has_checklist(person):
        await sender.send(user.user_id, texts.NO_CHECKLIST)
    else:
        await sender.send(
            user.user_id, *views.overview_message(await load_view(session, person, utcnow()))
        )


def _refusal(person: Person | None, pid: int) -> str | None:
    """Why this caller may not press a button drawn for person `pid`."""
    if person is None:
        return texts.NOT_REGISTERED
    if person.id != pid:
        return texts.FOREIGN_BUTTON
    if not has_checklist(person):
        return texts.NO_CHECKLIST
    return None


@router.message_callback(AnswerCb.filter())
async def on_answer(
    event: MessageCallback,
    payload: AnswerCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    try:
        status, seen = long_status(payload.act), long_status(payload.seen)
    except KeyError:
        status = None
    refusal = _refusal(person, payload.pid) or (texts.UNKNOWN_BUTTON if status is None else None)
    if refusal:
        await sender.answer_callback(cb, notification=refusal)
        return
    result = await answer_item(
        session, person, code=payload.code, status=status, seen_status=seen, now=utcnow(),
        policy=policy,
    )  # fmt: skip
    await session.commit()
    if result.outcome is AnswerOutcome.RECORDED and result.help_keys is not None:
        text, rows = views.help_asked(result.view, bool(result.help_keys))
        await sender.answer_callback(cb, notification=texts.ACK[status], text=text, rows=rows)
        await deliver(result.help_keys)
    elif result.outcome is AnswerOutcome.RECORDED:
        text, rows = views.next_message(result.view, result.next)
        await sender.answer_callback(cb, notification=texts.ACK[status], text=text, rows=rows)
    elif result.outcome is AnswerOutcome.STALE:
        await sender.answer_callback(cb, notification=texts.STALE_BUTTON)
    else:
        await sender.answer_callback(cb, notification=texts.NOT_APPLICABLE_BUTTON)


@router.message_callback(OpenItemCb.filter())
async def on_open_item(
    event: MessageCallback,
    payload: OpenItemCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if refusal := _refusal(person, payload.pid):
        await sender.answer_callback(cb, notification=refusal)
        return
    view = await load_view(session, person, utcnow())
    state = view.state(payload.code)
    if state is None:
        await sender.answer_callback(cb, notification=texts.NOT_APPLICABLE_BUTTON)
        return
    text, rows = views.item_message(view, state)
    await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(MenuCb.filter())
async def on_menu(
    event: MessageCallback,
    payload: MenuCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if refusal := _refusal(person, payload.pid):
        await sender.answer_callback(cb, notification=refusal)
        return
    view = await load_view(session, person, utcnow())
    if payload.act == "next":
        text, rows = views.next_message(view, view.first_open())
    elif payload.act == "list":
        text, rows = views.overview_message(view)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(cb, text=text, rows=rows)
