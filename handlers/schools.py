"""The authority's schools: `/schools` (cards, admin invite links, progress), `/addschool`.
The authority only."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.checklist import local_today
from bot.services import schools
from bot.services.progress import progress_of_school
from bot.ui import texts
from bot.ui.keyboards import schools as kb
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.texts import schools as t
from bot.ui.views import schools as school_views
from bot.ui.views.progress import school_progress_text
from bot.vocab import Role
from handlers.access import Access
from handlers.replies import link_username
from storage.models import Authority, Person

router = Router("schools")
router.register_inner_middleware(Access(Role.AUTHORITY))


@router.message_created(Command("schools"))
async def on_schools(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    sender: Reply,
    user: User,
) -> None:
    found = await schools.list_schools(session, caller)
    await sender.send(user.user_id, *school_views.schools_list(authority.name, found))


@router.message_created(Command("addschool"))
async def on_addschool(event: MessageCreated, sender: Reply, user: User) -> None:
    await sender.send(user.user_id, t.ADDSCHOOL_KIND, kb.kind_keyboard())


@router.message_callback(SchoolCb.filter())
async def on_school_button(
    event: MessageCallback,
    payload: SchoolCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb, now = event.callback.callback_id, utcnow()
    if payload.act == "add":
        await sender.answer_callback(cb, text=t.ADDSCHOOL_KIND, rows=kb.kind_keyboard())
        return
    if payload.act == "list":
        assert caller.authority is not None  # Access let the authority through with one
        found = await schools.list_schools(session, caller)
        text, rows = school_views.schools_list(caller.authority.name, found)
        await sender.answer_callback(cb, text=text, rows=rows)
        return
    if payload.act == "cancel":
        schools.cancel_adding(caller)
        await session.commit()
        await sender.answer_callback(cb, text=t.ADDSCHOOL_CANCELLED, rows=kb.back_to_schools())
        return
    if payload.act == "kind":
        if not schools.start_adding(caller, payload.kind):
            await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
            return
        await session.commit()
        await sender.answer_callback(
            cb, text=t.addschool_ask_name(payload.kind), rows=kb.cancel_row()
        )
        return
    school = await schools.own_school(session, caller, payload.school_id, now)
    if school is None:
        await session.commit()  # keep the audit record of the refusal
        await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        return
    if payload.act in ("open", "card"):
        text, rows = school_views.school_card(await schools.school_info(session, school))
        if payload.act == "card":  # under the authority's digest: the digest stays
            await sender.answer_callback(cb)
            await sender.send(caller.max_user_id, text, rows)
        else:
            await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "link":
        username = await link_username(sender, event)
        if username is None:
            return
        link = await schools.admin_invite_link(session, caller, school, now, username)
        await session.commit()
        await sender.answer_callback(cb, notification=t.LINK_TOAST)
        await sender.send(caller.max_user_id, t.admin_link(school.name, link), kb.back_to_schools())
    elif payload.act == "tz":
        zone = schools.ZONES[int(payload.kind)] if payload.kind.isdigit() and int(
            payload.kind) < len(schools.ZONES) else ""  # fmt: skip
        if payload.kind and not zone:
            await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
            return
        await schools.set_zone(session, caller, school, zone, now)
        await session.commit()
        await sender.answer_callback(cb, text=school_views.ask_staff(school)[0],
                                     rows=school_views.ask_staff(school)[1])  # fmt: skip
    elif payload.act == "skip":
        step, new = await schools.next_total(session, caller, None, now)
        await session.commit()
        text, rows = school_views.school_step(step, new)
        await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "progress":
        progress = await progress_of_school(session, school, now)
        text = school_progress_text(
            school.name, progress, local_today(now, school.tz), school.declared_staff
        )
        await sender.answer_callback(cb, text=text, rows=kb.school_keyboard(school.id))
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
