"""Progress views for administrators and authorities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import local_today
from bot.rules.progress import Member, SchoolProgress, school_progress
from bot.services.plans import plan_for
from storage.models import School
from storage.repo import people


async def progress_of_school(
    session: AsyncSession, school: School, now: datetime
) -> SchoolProgress:
    members = await people.members_of(session, school.id)
    answers = await people.answers_in_school(session, school.id)
    return school_progress(
        plan_for(school.authority),
        school.kind,
        [Member(p.id, p.name, p.role, answers.get(p.id, {}), p.paused_until) for p in members],
        await people.school_answers(session, school.id),
        local_today(now, school.tz),
    )
