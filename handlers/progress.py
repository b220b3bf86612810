"""`/progress`: a school for its administrator, all schools for an authority."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.checklist import local_today
from bot.services.authority import ranking
from bot.services.progress import progress_of_school
from bot.ui import texts, views
from handlers.kpi import rating_message
from storage.models import Person

router = Router("progress")


@router.message_created(Command("progress"))
async def on_progress(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    now = utcnow()
    rows = None
    if person is None:
        text = texts.NOT_REGISTERED
    elif person.role == "admin" and person.school is not None:
        school = person.school
        progress = await progress_of_school(session, school, now)
        text = views.school_progress_text(school.name, progress, local_today(now, school.tz))
    elif person.role == "authority" and person.authority is not None:
        text, rows = rating_message(await ranking(session, person.authority, now), 0)
    else:
        text = texts.PROGRESS_REFUSED
    await sender.send(user.user_id, text, rows)
