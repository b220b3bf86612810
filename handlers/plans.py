"""The authority's roadmap: `/plan` shows the plan in force; a `.toml` file sent into the
dialog is checked and previewed; «Заменить план» makes it the plan, «Отмена» drops it."""

from __future__ import annotations

from maxapi import F, Router
from maxapi.filters.command import Command
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.updates import UpdateUnion
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max import files
from bot.max.reply import Reply
from bot.max.updates import file_attachment
from bot.services import plans
from bot.ui import texts
from bot.ui.keyboards import plans as kb
from bot.ui.texts import plans as t
from bot.ui.views import plans as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
from storage.models import Authority, Person

router = Router("plans")


class PlanFile(BaseFilter):
    """A `.toml` document sent into the dialog: a roadmap file, whoever sent it (the handler's
    `Access` answers anyone but the authority's people). Goes before the roster's router,
    which takes any file from an administrator."""

    async def __call__(self, event: UpdateUnion) -> bool:
        if not isinstance(event, MessageCreated):
            return False
        attachment = file_attachment(event)
        return attachment is not None and (attachment.filename or "").lower().endswith(".toml")


@router.message_created(Command("plan"), Access(Role.AUTHORITY))
async def on_plan(event: MessageCreated, authority: Authority, sender: Reply, user: User) -> None:
    await sender.send(user.user_id, views.current(plans.current_plan(authority)))


@router.message_created(
    F.message.recipient.chat_type == "dialog",
    PlanFile(),
    Access(Role.AUTHORITY, refused=t.ONLY_AUTHORITY_FILE),
)
async def on_plan_file(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
    user: User,
) -> None:
    attachment = file_attachment(event)
    assert attachment is not None  # PlanFile matched only a message with a file
    if (attachment.size or 0) > plans.MAX_FILE_BYTES:
        await sender.send(user.user_id, t.TOO_BIG)
        return
    bot = event.bot
    assert bot is not None  # maxapi binds the bot to every update it dispatches
    url = getattr(attachment.payload, "url", None) or ""
    try:
        data = await files.download(
            url, bot.api_url, bot.headers, limit=plans.MAX_FILE_BYTES,
            seconds=plans.DOWNLOAD_TIMEOUT,
        )  # fmt: skip
    except files.DownloadError as exc:
        await sender.send(user.user_id, t.TOO_BIG if exc.too_big else t.DOWNLOAD_FAILED)
        return
    result = await plans.upload_draft(
        session, caller, authority, attachment.filename or "", data, utcnow()
    )
    await session.commit()
    await sender.send(user.user_id, *views.uploaded(result, caller.id))


@router.message_callback(
    kb.PlanCb.filter(),
    Access(Role.AUTHORITY, refused=texts.FOREIGN_BUTTON, stranger=texts.FOREIGN_BUTTON),
    OwnButton(),
)
async def on_plan_button(
    event: MessageCallback,
    payload: kb.PlanCb,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.act == kb.REPLACE:
        result = await plans.confirm_draft(
            session, caller, authority, payload.draft, payload.plan, utcnow()
        )
    elif payload.act == kb.CANCEL:
        result = await plans.cancel_draft(session, authority, payload.draft)
    else:
        await sender.answer_callback(cb, notification=t.UNKNOWN)
        return
    await session.commit()
    toast, text = views.pressed(result)
    await sender.answer_callback(cb, notification=toast, text=text)
