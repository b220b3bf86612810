"""`/progress`: a school for its administrator, the rating of all schools for an authority."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.checklist import local_today
from bot.services.authority import ranking
from bot.services.progress import school_report
from bot.ui.keyboards.staff import to_staff_keyboard
from bot.ui.texts import progress as t
from bot.ui.views.authority import rating_message
from bot.ui.views.progress import school_report_text
from bot.vocab import Role
from handlers.access import Access
from storage.models import Person

router = Router("progress")
router.register_inner_middleware(Access(Role.ADMIN, Role.AUTHORITY, refused=t.PROGRESS_REFUSED))


@router.message_created(Command("progress"))
async def on_progress(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    now = utcnow()
    if caller.role == Role.AUTHORITY:
        assert caller.authority is not None  # Access let the authority through with one
        text, rows = rating_message(await ranking(session, caller.authority, now), 0)
    else:
        school = caller.school
        assert school is not None  # an administrator, let through with a school
        report = await school_report(session, school, now)
        text = school_report_text(school.name, report, local_today(now, school.tz))
        rows = to_staff_keyboard()
    await sender.send(user.user_id, text, rows)
