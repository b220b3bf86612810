"""Progress views for administrators and authorities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import local_today, who_of
from bot.rules.progress import Member, SchoolProgress, school_progress
from bot.services.chats import ClassChats, class_chats_of
from bot.services.plans import plan_for
from storage.models import School
from storage.repo import people, schedule
from storage.repo import verify as checks


@dataclass(frozen=True)
class SchoolReport:
    """`/progress` of a school: its people's progress and its class chats."""

    progress: SchoolProgress
    chats: ClassChats
    declared: int | None = None  # the school's declared staff


async def school_report(session: AsyncSession, school: School, now: datetime) -> SchoolReport:
    progress = await progress_of_school(session, school, now)
    chats = (await class_chats_of(session, [school.id]))[school.id]
    return SchoolReport(progress, chats, school.declared_staff)


async def progress_of_school(
    session: AsyncSession, school: School, now: datetime
) -> SchoolProgress:
    members = await people.members_of(session, school.id)
    answers = await people.answers_in_school(session, school.id)
    teaching = await people.teaching_in_schools(session, [school.id])
    verifications = await checks.verifications_in_schools(session, [school.id])
    return progress_in(
        school, members, answers, await people.school_answers(session, school.id), teaching, now,
        verifications, await people.school_verifications(session, school.id),
    )  # fmt: skip


def progress_in(
    school: School,
    members: Sequence[Any],
    answers: Mapping[int, Mapping[str, str]],
    school_answers: Mapping[str, str],
    teaching: Mapping[int, Sequence[tuple[int, str, datetime]]],
    now: datetime,
    verifications: Mapping[int, Mapping[str, str]] | None = None,
    school_checks: Mapping[str, str] | None = None,
) -> SchoolProgress:
    """A school's progress from its people (rows or Person objects with id, name, role,
    paused_until, joined_at), their answers (and the answers' verifications, person id ->
    key -> verification; `school_checks`: of the school-level answers) and classes, as of
    `now` in its local time."""
    checked = verifications or {}
    members_ = []
    for p in members:
        who = who_of(p.role, p.joined_at, school.tz, teaching.get(p.id, ()))
        members_.append(
            Member(p.id, p.name, p.role, answers.get(p.id, {}), p.paused_until, who.joined,
                   who.classes, checked.get(p.id, {}))
        )  # fmt: skip
    return school_progress(
        plan_for(school.authority),
        school.kind,
        members_,
        school_answers,
        local_today(now, school.tz),
        local_today(school.created_at, school.tz),
        school.school_year,
        school_checks,
    )


async def open_help_requests(
    session: AsyncSession, school: School
) -> list[tuple[str, str, str | None]]:
    """A school's open help requests, oldest first: (the person's name, the item's title, the
    comment)."""
    names = {p.id: p.name for p in await people.members_of(session, school.id)}
    requests = (await schedule.open_help_requests_of_schools(session, [school.id]))[school.id]
    plan = plan_for(school.authority)
    out = []
    for r in requests:
        item = plan.item(r.item_code)
        out.append((names.get(r.person_id, "—"), item.title if item else r.item_code, r.comment))
    return out
