"""Weekly digests: a school's for its administrators, a summary for the authority."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.chart import completion_chart
from bot.rules.checklist import local_today
from bot.rules.progress import SchoolProgress
from bot.rules.schedule import Policy, digest_open, to_local, week_key
from bot.services.authority import ranking
from bot.services.outbox import queue
from bot.services.plans import plan_for
from bot.services.progress import progress_of_school
from storage.models import Authority, School
from storage.repo import people, schedule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    text: str
    chart: bytes | None
    percent: float
    figures: dict[str, list[int]]  # item code -> [done, counted]


def _percent(done: int, counted: int) -> float:
    return 100.0 * done / counted if counted else 0.0


async def school_digest(
    session: AsyncSession, school: School, now: datetime, week: str | None = None
) -> Digest:
    """The digest of `school` as of `now`, compared with the last digest before `week`."""
    today = local_today(now, school.tz)
    week = week or week_key(today)
    progress: SchoolProgress = await progress_of_school(session, school, now)
    previous = await schedule.snapshot_before(session, school.id, week)
    members = {p.id: p for p in await people.members_of(session, school.id)}
    plan = plan_for(school.authority)
    requests = []
    for r in await schedule.open_help_requests(session, school.id):
        item = plan.item(r.item_code)
        name = members[r.person_id].name if r.person_id in members else "—"
        requests.append((name, item.title if item else r.item_code, r.comment))
    text = texts.school_digest(
        school=school.name,
        today=today,
        percent=progress.percent,
        previous=previous.percent if previous else None,
        people=progress.people,
        declared_staff=school.declared_staff,
        finished=progress.finished_people,
        items=[(f.title, f.school_level, f.done, f.counted) for f in progress.items],
        overdue=progress.overdue,
        help_requests=requests,
        paused=progress.paused,
    )
    bars = [(f.title, _percent(f.done, f.counted)) for f in progress.items]
    return Digest(
        text=text,
        chart=completion_chart(bars, texts.CHART_TITLE) if bars else None,
        percent=progress.percent,
        figures={f.code: [f.done, f.counted] for f in progress.items},
    )


async def plan_school_digest(
    session: AsyncSession, school: School, now: datetime, policy: Policy
) -> int:
    """Queue this week's digest for the school's administrators once; returns messages queued."""
    local = to_local(now, school.tz)
    week = week_key(local.date())
    marker = f"digest:{school.id}:{week}"
    if not digest_open(local, policy) or await schedule.job_done(session, marker):
        return 0
    admins = [m for m in await people.members_of(session, school.id) if m.role == "admin"]
    if not admins:
        return 0  # planned when an administrator joins during the digest day
    digest = await school_digest(session, school, now, week)
    await schedule.save_snapshot(session, school.id, week, digest.percent, digest.figures, now)
    queued = 0
    for admin in admins:
        queued += await queue(
            session, key=f"digest:{admin.id}:{week}", kind="digest", to=admin,
            text=digest.text, image=digest.chart, not_before=now,
        )  # fmt: skip
    await schedule.mark_job(session, marker, now)
    await session.commit()
    return queued


async def authority_digest(session: AsyncSession, authority: Authority, now: datetime) -> str:
    schools = (await ranking(session, authority, now)).schools  # best first
    rated = [(s.school.name, s.progress.percent, s.progress.people) for s in schools]
    overdue = sorted(
        ((s.school.name, len(s.progress.overdue)) for s in schools if s.progress.overdue),
        key=lambda pair: (-pair[1], pair[0]),
    )[:5]
    return texts.authority_digest(authority.name, local_today(now, authority.tz), rated, overdue)


async def plan_authority_digest(
    session: AsyncSession, authority: Authority, now: datetime, policy: Policy
) -> int:
    local = to_local(now, authority.tz)
    week = week_key(local.date())
    marker = f"authority-digest:{authority.id}:{week}"
    if not digest_open(local, policy) or await schedule.job_done(session, marker):
        return 0
    staff = await people.authority_staff(session, authority.id)
    if not staff:
        return 0
    text = await authority_digest(session, authority, now)
    queued = 0
    for person in staff:
        queued += await queue(
            session, key=f"authority-digest:{person.id}:{week}", kind="digest", to=person,
            text=text, not_before=now,
        )  # fmt: skip
    await schedule.mark_job(session, marker, now)
    await session.commit()
    return queued
