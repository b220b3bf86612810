"""The authority's own checklist: `/checklist` for the authority's staff and its buttons
(authorities; school staff's `/checklist` is handlers/checklist.py)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import duties as service
from bot.ui import texts
from bot.ui.keyboards import duties as kb
from bot.ui.texts import duties as t
from bot.ui.views import duties as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
from handlers.replies import answer
from storage.models import Authority, Person

router = Router("duties")


class AuthorityCaller(BaseFilter):
    """The caller is the authority's: `/checklist` is theirs here, school staff's elsewhere."""

    async def __call__(self, event: MessageCreated, person: Person | None = None) -> bool:
        return person is not None and person.role == Role.AUTHORITY


@router.message_created(Command("checklist"), AuthorityCaller(), Access(Role.AUTHORITY))
async def on_checklist(
    event: MessageCreated, authority: Authority, caller: Person, session: AsyncSession,
    sender: Reply, user: User,
) -> None:  # fmt: skip
    view = await service.duties_view(session, authority, utcnow())
    await sender.send(user.user_id, *views.overview_message(view, caller.id))


@router.message_callback(
    kb.DutyCb.filter(), Access(Role.AUTHORITY, refused=texts.FOREIGN_BUTTON), OwnButton()
)
async def on_duty_button(
    event: MessageCallback, payload: kb.DutyCb, session: AsyncSession, caller: Person,
    authority: Authority, sender: Reply,
) -> None:  # fmt: skip
    now = utcnow()
    if payload.act in (kb.LIST, kb.OPEN):
        view = await service.duties_view(session, authority, now)
        state = view.state(payload.code) if payload.act == kb.OPEN else None
        if state is None:  # the list (or a duty no longer in the plan: the list, with a toast)
            toast = t.DUTY_UNKNOWN if payload.act == kb.OPEN else None
            await answer(sender, event, (toast, *views.overview_message(view, caller.id)))
            return
        page = payload.target
        await answer(sender, event, (None, *views.duty_message(view, state, caller.id, page)))
        return
    if payload.act == kb.SET and payload.value in kb.CODE_STATUS and payload.seen in kb.CODE_STATUS:
        result = await service.answer_duty(
            session, caller, authority, payload.code, kb.CODE_STATUS[payload.value],
            kb.CODE_STATUS[payload.seen], now, payload.period,
        )  # fmt: skip
        await session.commit()
        await answer(sender, event, views.press_answer(result, caller.id))
        return
    if payload.act == kb.SCHOOL:
        result = await service.tick_school(
            session,
            caller,
            authority,
            payload.code,
            payload.target,
            payload.value == "d",
            now,
            payload.period,
        )
        await session.commit()
        page = views.page_of(result.view, payload.target)
        await answer(sender, event, views.press_answer(result, caller.id, page))
        return
    await sender.answer_callback(event.callback.callback_id, notification=texts.UNKNOWN_BUTTON)
