"""`/digest` on demand: the school's digest with its chart (administrators), the summary of
all schools (authorities)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services.digest import authority_digest, school_digest
from bot.ui.texts import digest as t
from bot.vocab import Role
from handlers.access import Access
from storage.models import Person

router = Router("digest")
router.register_inner_middleware(Access(Role.ADMIN, Role.AUTHORITY, refused=t.DIGEST_REFUSED))


@router.message_created(Command("digest"))
async def on_digest(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    if caller.role == Role.AUTHORITY:
        assert caller.authority is not None  # Access let the authority through with one
        summary = await authority_digest(session, caller.authority, utcnow())
        await sender.send(user.user_id, summary.text, summary.rows, image=summary.chart)
        return
    assert caller.school is not None  # an administrator, let through with a school
    digest = await school_digest(session, caller.school, utcnow())
    await sender.send(user.user_id, digest.text, digest.rows(caller.id), image=digest.chart)
