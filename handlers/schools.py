"""The authority's schools: `/schools` (cards, admin invite links, progress), `/addschool`."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.checklist import local_today
from bot.services import schools
from bot.services.progress import progress_of_school
from bot.ui import texts
from bot.ui.keyboards import console as kb
from bot.ui.texts import console as t
from bot.ui.views.progress import school_progress_text
from handlers.guards import refusal
from storage.models import Person

router = Router("schools")


def bot_username(event: Any) -> str:
    me = getattr(event.bot, "me", None)
    return me.username if me is not None and me.username else "bot"


@router.message_created(Command("schools"))
async def on_schools(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    if denied := refusal(person, "authority"):
        await sender.send(user.user_id, denied)
        return
    found = await schools.list_schools(session, person)
    text = t.schools_list(
        person.authority.name, [(i.school.name, i.school.kind, i.people) for i in found]
    )
    await sender.send(
        user.user_id, text, kb.schools_keyboard([(i.school.id, i.school.name) for i in found])
    )


@router.message_created(Command("addschool"))
async def on_addschool(
    event: MessageCreated, person: Person | None, sender: Sender, user: Any
) -> None:
    if denied := refusal(person, "authority"):
        await sender.send(user.user_id, denied)
        return
    await sender.send(user.user_id, t.ADDSCHOOL_KIND, kb.kind_keyboard())


@router.message_callback(kb.SchoolCb.filter())
async def on_school_button(
    event: MessageCallback,
    payload: kb.SchoolCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb, now = event.callback.callback_id, utcnow()
    if denied := refusal(person, "authority"):
        await sender.answer_callback(cb, notification=denied)
        return
    if payload.act == "add":
        await sender.answer_callback(cb, text=t.ADDSCHOOL_KIND, rows=kb.kind_keyboard())
        return
    if payload.act == "kind":
        if not schools.start_adding(person, payload.val):
            await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
            return
        await session.commit()
        await sender.answer_callback(cb, text=t.addschool_ask_name(payload.val))
        return
    school = await schools.own_school(session, person, payload.sid, now)
    if school is None:
        await session.commit()  # keep the audit record of the refusal
        await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        return
    if payload.act == "open":
        info = await schools.school_info(session, school)
        text = t.school_card(school.name, school.kind, school.tz, info.people, info.admins,
                             school.declared_staff)  # fmt: skip
        await sender.answer_callback(cb, text=text, rows=kb.school_keyboard(school.id))
    elif payload.act == "link":
        link = await schools.admin_invite_link(session, person, school, now, bot_username(event))
        await session.commit()
        await sender.answer_callback(cb, notification="🔗")
        await sender.send(person.max_user_id, t.admin_link(school.name, link))
    elif payload.act == "prog":
        progress = await progress_of_school(session, school, now)
        text = school_progress_text(school.name, progress, local_today(now, school.tz))
        await sender.answer_callback(cb, text=text, rows=kb.school_keyboard(school.id))
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
