"""Roster: `/roster` sends the template; an administrator's CSV/XLSX file becomes personal links."""

from __future__ import annotations

import asyncio

from maxapi import F, Router
from maxapi.filters.command import Command
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCreated
from maxapi.types.updates import UpdateUnion
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max import files
from bot.max.reply import Reply
from bot.max.updates import file_attachment
from bot.rules.roster import file_kind
from bot.rules.uploads import MAX_FILE_BYTES
from bot.services import roster, uploads
from bot.ui.texts import roster as t
from bot.ui.views import roster as views
from bot.vocab import Role
from handlers.access import Access
from handlers.replies import link_username
from storage.db import begin_write, release_write
from storage.models import Person, School

router = Router("roster")


class RosterFile(BaseFilter):
    """A document sent into the dialog that this router takes: any file from an administrator
    (unless the bot waits for another typed answer), a spreadsheet from anyone else (so other
    files can still reach later routers)."""

    async def __call__(self, event: UpdateUnion, person: Person | None = None) -> bool:
        if not isinstance(event, MessageCreated):
            return False
        attachment = file_attachment(event)
        if attachment is None:
            return False
        if person is not None and person.role == Role.ADMIN:
            return not person.awaiting
        name = (attachment.filename or "").lower()
        return file_kind(name) is not None or name.endswith((".xls", ".ods"))


@router.message_created(Command("roster"), Access(Role.ADMIN))
async def on_roster(event: MessageCreated, sender: Reply, user: User) -> None:
    data = await asyncio.to_thread(roster.template_xlsx)
    await sender.send_file(user.user_id, t.HOWTO, data, t.TEMPLATE_FILENAME)


@router.message_created(
    F.message.recipient.chat_type == "dialog",
    RosterFile(),
    Access(Role.ADMIN, refused=t.ONLY_ADMIN_FILE),
)
async def on_roster_file(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    school: School,
    sender: Reply,
    user: User,
) -> None:
    attachment = file_attachment(event)
    assert attachment is not None  # RosterFile matched only a message with a file
    filename = attachment.filename or ""
    if file_kind(filename) is None:
        await sender.send(user.user_id, t.BAD_EXTENSION)
        return
    if (attachment.size or 0) > MAX_FILE_BYTES:
        await sender.send(user.user_id, t.TOO_BIG)
        return
    bot = event.bot
    assert bot is not None  # maxapi binds the bot to every update it dispatches
    url = getattr(attachment.payload, "url", None) or ""
    await release_write(session)  # the download and the parse hold nobody else up
    try:
        data = await files.download(
            url,
            bot.api_url,
            bot.headers,
            limit=MAX_FILE_BYTES,
            seconds=roster.DOWNLOAD_TIMEOUT,
        )
    except files.DownloadError as exc:
        await sender.send(user.user_id, t.TOO_BIG if exc.too_big else t.DOWNLOAD_FAILED)
        return
    try:  # in a worker process with CPU, memory and time limits: everyone else is answered
        parsed = await uploads.parse_roster(filename, data, uploads.LIMITS)
    except uploads.Refused as refused:
        await sender.send(user.user_id, views.refused(refused.why))
        return
    assert parsed is not None  # the extension was checked above
    if not parsed.ok:
        await sender.send(user.user_id, views.problems(parsed.problems))
        return
    await begin_write(session)
    username = await link_username(sender, event)  # before the import: no link, no import
    if username is None:
        return
    result = await roster.import_roster(session, school, parsed.rows, utcnow(), caller.id)
    await session.commit()
    links = await asyncio.to_thread(roster.links_xlsx, result, username)
    await sender.send_file(user.user_id, views.imported(result), links, t.LINKS_FILENAME)
