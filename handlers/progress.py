"""`/progress`: a school for its administrator, the rating of all schools for an authority."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.checklist import local_today
from bot.services.authority import ranking
from bot.services.kpi import kpi_view
from bot.services.progress import open_help_requests, progress_of_school, school_report
from bot.ui import texts
from bot.ui.keyboards import progress as kb
from bot.ui.keyboards.progress import ProgressCb
from bot.ui.texts import progress as t
from bot.ui.views.authority import rating_message
from bot.ui.views.kpi import screen_message
from bot.ui.views.progress import help_message, overdue_message, school_report_message
from bot.vocab import Role
from handlers.access import Access, OwnButton
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
        text, rows = school_report_message(
            caller.id, school.name, report, local_today(now, school.tz)
        )
    await sender.send(user.user_id, text, rows)


@router.message_callback(ProgressCb.filter(), OwnButton())
async def on_progress_button(
    event: MessageCallback,
    payload: ProgressCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
) -> None:
    """The digest's buttons (a new message: the digest stays) and the pages of the lists (the
    message changes in place). A list that changed since the button was drawn opens afresh."""
    cb = event.callback.callback_id
    school = caller.school
    if school is None:  # an authority's person: these are a school administrator's buttons
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    now = utcnow()
    if payload.part == kb.ALL:
        report = await school_report(session, school, now)
        await sender.answer_callback(cb)
        await sender.send(
            user.user_id,
            *school_report_message(caller.id, school.name, report, local_today(now, school.tz)),
        )
        return
    if payload.part == kb.KPI:  # a school administrator's own figures
        if caller.role != Role.ADMIN:
            await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
            return
        view = await kpi_view(session, school, now)
        await sender.answer_callback(cb)
        await sender.send(user.user_id, *screen_message(view, caller.id))
        return
    if payload.part == kb.HELP:
        requests = await open_help_requests(session, school)
        stale = len(requests) != payload.seen
        text, rows = help_message(caller.id, school.name, requests, 1 if stale else payload.page)
    else:
        overdue = (await progress_of_school(session, school, now)).overdue
        stale = len(overdue) != payload.seen
        text, rows = overdue_message(caller.id, school.name, overdue, 1 if stale else payload.page)
    if payload.fresh:  # under the digest or /progress: a message of its own
        await sender.answer_callback(cb)
        await sender.send(user.user_id, text, rows)
    else:
        await sender.answer_callback(cb, text=text, rows=rows)
