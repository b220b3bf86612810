"""`/announce`: a text to a chosen group, after a preview and a confirmation."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.audience import AUTHORITY_AUDIENCES, SCHOOL_AUDIENCES
from bot.rules.schedule import Policy
from bot.services import announce
from bot.ui import texts
from bot.ui.keyboards import console as kb
from bot.ui.texts import console as t
from handlers.guards import refusal
from handlers.middlewares import Deliver
from storage.models import Person
from storage.repo import console

router = Router("announce")


@router.message_created(Command("announce"))
async def on_announce(
    event: MessageCreated, person: Person | None, sender: Sender, user: Any
) -> None:
    if denied := refusal(person, "admin", "authority"):
        await sender.send(user.user_id, denied)
        return
    if person.role == "authority":
        rows = kb.audience_keyboard(list(AUTHORITY_AUDIENCES), with_class=False)
    else:
        rows = kb.audience_keyboard(list(SCHOOL_AUDIENCES), with_class=True)
    await sender.send(user.user_id, t.ANNOUNCE_CHOOSE, rows)


@router.message_callback(kb.AnnounceCb.filter())
async def on_announce_button(
    event: MessageCallback,
    payload: kb.AnnounceCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
    user: Any,
) -> None:
    cb, now = event.callback.callback_id, utcnow()
    if denied := refusal(person, "admin", "authority"):
        await sender.answer_callback(cb, notification=denied)
        return
    if payload.act == "cls" and person.role == "admin":
        labels = await console.class_labels(session, person.school_id)
        text = t.ANNOUNCE_CHOOSE_CLASS if labels else t.ANNOUNCE_NO_CLASSES
        await sender.answer_callback(cb, text=text, rows=kb.class_keyboard(labels))
    elif payload.act == "aud":
        draft = await announce.start_draft(session, person, payload.val, now)
        await session.commit()
        if draft is None:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_BAD_AUDIENCE)
            return
        text, rows = t.announce_ask_text(draft.audience), kb.cancel_keyboard(draft.id)
        await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "send":
        result = await announce.confirm(session, person, payload.aid, now, policy)
        await session.commit()
        if result.outcome is announce.SendOutcome.FORBIDDEN:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        if result.outcome is announce.SendOutcome.ALREADY:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_ALREADY)
            return
        count = len(result.keys)
        await sender.answer_callback(cb, text=t.announce_queued(count))
        if count <= announce.SYNC_LIMIT:
            await deliver(result.keys)
            delivered, total = await announce.delivered(session, payload.aid)
            await sender.send(user.user_id, t.announce_report(delivered, total))
    elif payload.act == "cancel":
        await announce.cancel(session, person, payload.aid)
        await session.commit()
        await sender.answer_callback(cb, text=t.ANNOUNCE_CANCELLED)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
