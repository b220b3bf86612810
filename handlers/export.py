"""The authority's XLSX report: `/export` and the rating's «Выгрузить XLSX» button."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import export
from bot.ui import texts
from bot.ui.keyboards import export as kb
from bot.ui.texts import export as t
from bot.vocab import Role
from handlers.access import Access
from storage.models import Authority, Person

router = Router("export")
router.register_inner_middleware(Access(Role.AUTHORITY))


async def _send_export(
    session: AsyncSession, caller: Person, authority: Authority, sender: Reply, user_id: int
) -> None:
    report = await export.export_authority(session, authority, utcnow(), person_id=caller.id)
    await session.commit()
    caption = t.export_caption(authority.name, report.today, report.schools)
    await sender.send_file(user_id, caption, report.data, report.filename)


@router.message_created(Command("export"))
async def on_export(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
    user: User,
) -> None:
    await _send_export(session, caller, authority, sender, user.user_id)


@router.message_callback(kb.ExportCb.filter())
async def on_export_button(
    event: MessageCallback,
    payload: kb.ExportCb,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.act != kb.GO:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(cb, notification=t.EXPORT_TOAST)
    await _send_export(session, caller, authority, sender, event.callback.user.user_id)
