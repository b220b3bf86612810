"""Administrator actions: `/digest` on demand and «Вопрос решён» on help requests."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services.digest import authority_digest, school_digest
from bot.services.help import HandleOutcome, mark_handled
from bot.ui import texts
from bot.ui.keyboards import HelpCb
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("admin")

HANDLE_REFUSALS = {
    HandleOutcome.ALREADY: texts.HELP_ALREADY_HANDLED,
    HandleOutcome.FORBIDDEN: texts.HELP_NOT_YOURS,
    HandleOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
}


@router.message_created(Command("digest"))
async def on_digest(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    if person is not None and person.role == "admin" and person.school is not None:
        digest = await school_digest(session, person.school, utcnow())
        await sender.send(user.user_id, digest.text, image=digest.chart)
    elif person is not None and person.role == "authority" and person.authority is not None:
        await sender.send(user.user_id, await authority_digest(session, person.authority, utcnow()))
    else:
        await sender.send(
            user.user_id, texts.NOT_REGISTERED if person is None else texts.DIGEST_REFUSED
        )


@router.message_callback(HelpCb.filter())
async def on_help_handled(
    event: MessageCallback,
    payload: HelpCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    if person is None or person.role != "admin" or payload.act != "done":
        await sender.answer_callback(cb, notification=texts.ONLY_ADMIN)
        return
    result = await mark_handled(session, person, payload.hid, utcnow(), policy)
    await session.commit()
    if result.outcome is HandleOutcome.HANDLED:
        await sender.answer_callback(cb, notification="✅", text=result.text)
        await deliver(result.keys)
    else:
        await sender.answer_callback(cb, notification=HANDLE_REFUSALS[result.outcome])
