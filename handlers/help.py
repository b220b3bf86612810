"""Help requests: a helper's buttons on a request's notice — «✍️ Ответить» (the next typed
text goes to the person), «✅ Вопрос решён», «➡️ Передать в управление». The school's
administrators and the authority's staff."""

from __future__ import annotations

from maxapi import Router
from maxapi.types import MessageCallback
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services import help as svc
from bot.services.help import HandleOutcome
from bot.ui import texts
from bot.ui.keyboards import help as kb
from bot.ui.texts import help as t
from bot.ui.views import help as views
from bot.vocab import Role
from handlers.access import Access
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("help")
router.register_inner_middleware(
    Access(Role.ADMIN, Role.AUTHORITY, refused=texts.ONLY_ADMIN, stranger=texts.ONLY_ADMIN)
)


@router.message_callback(kb.HelpCb.filter())
async def on_help_button(
    event: MessageCallback,
    payload: kb.HelpCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
    user: User,
) -> None:
    cb, now = event.callback.callback_id, utcnow()
    if payload.act == kb.DONE:
        result = await svc.mark_handled(session, caller, payload.request_id, now, policy)
    elif payload.act == kb.ANSWER:
        result = await svc.ask_answer(session, caller, payload.request_id, now)
    elif payload.act == kb.PASS:
        result = await svc.pass_on(session, caller, payload.request_id, now, policy)
    elif payload.act == kb.NOT_NOW:
        result = svc.not_now(caller, payload.request_id)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await session.commit()
    if result.outcome is HandleOutcome.HANDLED:
        await sender.answer_callback(cb, notification="✅", text=result.text)
        await deliver(result.keys)
    elif result.outcome is HandleOutcome.ASKED:
        assert result.text is not None
        await sender.answer_callback(cb, notification="✍️")
        await sender.send(user.user_id, *views.ask_answer(result.text, payload.request_id))
    elif result.outcome is HandleOutcome.NOT_NOW:
        assert result.text is not None
        text, rows = views.not_now(result.text, payload.request_id)
        await sender.answer_callback(cb, text=text, rows=rows)
    elif result.outcome is HandleOutcome.PASSED:
        await sender.answer_callback(cb, notification=t.help_passed(result.count))
        await deliver(result.keys)
    else:
        await sender.answer_callback(cb, notification=views.refused(result.outcome))
