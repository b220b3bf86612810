"""Help requests: an administrator's «Вопрос решён» on a request's notice."""

from __future__ import annotations

from maxapi import Router
from maxapi.types import MessageCallback
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services.help import HandleOutcome, mark_handled
from bot.ui import texts
from bot.ui.keyboards import help as kb
from bot.ui.views import help as views
from bot.vocab import Role
from handlers.access import Access
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("help")
router.register_inner_middleware(
    Access(Role.ADMIN, refused=texts.ONLY_ADMIN, stranger=texts.ONLY_ADMIN)
)


@router.message_callback(kb.HelpCb.filter())
async def on_help_handled(
    event: MessageCallback,
    payload: kb.HelpCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    if payload.act != kb.DONE:
        await sender.answer_callback(cb, notification=texts.ONLY_ADMIN)
        return
    result = await mark_handled(session, caller, payload.request_id, utcnow(), policy)
    await session.commit()
    if result.outcome is HandleOutcome.HANDLED:
        await sender.answer_callback(cb, notification="✅", text=result.text)
        await deliver(result.keys)
    else:
        await sender.answer_callback(cb, notification=views.refused(result.outcome))
