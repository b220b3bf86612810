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


@router.message_created(Command("export"))
@router.message_callback(kb.ExportCb.filter())
async def on_export(
    event: MessageCreated | MessageCallback,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
    user: User,
    payload: kb.ExportCb | None = None,
) -> None:
    """`/export`, or the rating's button (answered with a toast first)."""
    if isinstance(event, MessageCallback):
        cb = event.callback.callback_id
        if payload is None or payload.act != kb.GO:
            await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
            return
        await sender.answer_callback(cb, notification=t.EXPORT_TOAST)
    report = await export.export_authority(session, authority, utcnow(), person_id=caller.id)
    await session.commit()
    caption = t.export_caption(authority.name, report.today, report.schools)
    await sender.send_file(user.user_id, caption, report.data, report.filename)
