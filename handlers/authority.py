"""The authority's rating: `/rating` with buttons to page through it, open a school and list
overdue items across schools (authorities)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import authority as service
from bot.ui import texts
from bot.ui.keyboards import authority as kb
from bot.ui.views import authority as views
from bot.vocab import Role
from handlers.access import Access
from storage.models import Authority, Person

router = Router("authority")
router.register_inner_middleware(Access(Role.AUTHORITY))


@router.message_created(Command("rating"))
async def on_rating(
    event: MessageCreated,
    session: AsyncSession,
    authority: Authority,
    sender: Reply,
    user: User,
) -> None:
    ranking = await service.ranking(session, authority, utcnow())
    await sender.send(user.user_id, *views.rating_message(ranking, 0))


@router.message_callback(kb.AuthorityCb.filter())
async def on_authority_button(
    event: MessageCallback,
    payload: kb.AuthorityCb,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
    user: User,
) -> None:
    cb = event.callback.callback_id
    now = utcnow()
    if payload.act != kb.WRITE:  # another of the authority's buttons: the pending text is off
        service.cancel_write(caller)
    if payload.act == kb.RATING:
        text, rows = views.rating_message(
            await service.ranking(session, authority, now), payload.page
        )
    elif payload.act == kb.OVERDUE:
        page = await service.overdue_across(session, authority, now, payload.page)
        text, rows = views.overdue_message(page)
    elif payload.act in (kb.WRITE, kb.NOWRITE):  # a message of its own: the digest stays
        if payload.act == kb.WRITE:
            wrote = await service.ask_write(session, caller, payload.school_id, now)
        else:
            wrote = service.cancel_write(caller)
        await session.commit()
        if wrote.outcome is service.WriteOutcome.FORBIDDEN:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        await sender.answer_callback(cb)
        await sender.send(user.user_id, *views.write_message(wrote, payload.school_id, caller.id))
        return
    elif payload.act == kb.SCHOOL:
        opened = await service.open_school(session, caller, payload.school_id, now)
        await session.commit()  # the audit of a refusal
        if opened.access is not service.SchoolAccess.OK:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        text, rows = views.school_message(opened)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(cb, text=text, rows=rows)
