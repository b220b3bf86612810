"""Weekly digests: a school's for its administrators, a summary for the authority."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import local_today
from bot.rules.schedule import Policy, digest_open, to_local, week_key
from bot.services.authority import ranking
from bot.services.chats import class_chats_of
from bot.services.outbox import message, not_planned, plan_in_chunks, queue, queue_many
from bot.services.plans import plan_for
from bot.services.progress import progress_in
from bot.ui.chart import completion_chart
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import digest as t
from bot.vocab import Role
from storage.models import Authority, School
from storage.repo import people, schedule
from storage.repo import verify as checks

log = logging.getLogger(__name__)

DIGEST_CHUNK = 100  # schools per transaction in `plan_digests`

# Charts are drawn in a worker thread (a few milliseconds each), so that a region's few hundred
# digests do not hold up the updates handled meanwhile; one thread, as the cached fonts and
# frames of bot.ui.chart are not meant to be shared between threads drawing at once.
_CHARTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-chart")


async def _draw(bars: list[tuple[str, float]]) -> bytes:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_CHARTS, completion_chart, bars, t.CHART_TITLE)


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
    return (await school_digests(session, [school], now, week))[school.id]


async def school_digests(
    session: AsyncSession, schools: Sequence[School], now: datetime, week: str | None = None
) -> dict[int, Digest]:
    """`school_digest` for many schools (school id -> digest), with five queries in all
    rather than six per school. `week` defaults to each school's current week."""
    weeks = {s.id: week or week_key(local_today(now, s.tz)) for s in schools}
    ids = list(weeks)
    members = await people.recipients_of_schools(session, ids)
    answers = await people.answers_in_schools(session, ids)
    school_answers = await people.school_answers_of_schools(session, ids)
    teaching = await people.teaching_in_schools(session, ids)
    verifications = await checks.verifications_in_schools(session, ids)
    previous = await schedule.latest_snapshots_before(session, weeks)
    requests = await schedule.open_help_requests_of_schools(session, ids)
    class_chats = await class_chats_of(session, ids)
    out: dict[int, Digest] = {}
    for school in schools:
        here = members.get(school.id, [])
        plan = plan_for(school.authority)
        today = local_today(now, school.tz)
        progress = progress_in(
            school, here, answers, school_answers.get(school.id, {}), teaching, now,
            verifications,
        )  # fmt: skip
        names = {p.id: p.name for p in here}
        asked = []
        for r in requests.get(school.id, []):
            item = plan.item(r.item_code, school.kind)
            asked.append(
                (names.get(r.person_id, "—"), item.title if item else r.item_code, r.comment)
            )
        before = previous.get(school.id)
        text = t.school_digest(
            school=school.name,
            today=today,
            percent=progress.percent,
            previous=before.percent if before else None,
            people=progress.people,
            declared_staff=school.declared_staff,
            finished=progress.finished_people,
            items=[
                (f.title, f.school_level, f.done, f.counted, f.tally if f.checkable else None)
                for f in progress.items
            ],
            overdue=progress.overdue,
            help_requests=asked,
            paused=progress.paused,
            class_chats=chat_texts.class_table(
                class_chats[school.id].figures, class_chats[school.id].school
            ),
            checked=progress.checked,
        )
        bars = [(f.title, _percent(f.done, f.counted)) for f in progress.items]
        chart = await _draw(bars) if bars else None
        out[school.id] = Digest(
            text=text,
            chart=chart,
            percent=progress.percent,
            figures={f.code: [f.done, f.counted] for f in progress.items},
        )
    return out


async def plan_digests(
    session: AsyncSession, schools: Sequence[School], now: datetime, policy: Policy
) -> int:
    """Queue this week's digest for each school's administrators once; returns messages
    queued. A per-(school, week) marker is written with the messages; a fixed number of
    queries per DIGEST_CHUNK schools, one transaction per chunk."""
    return await plan_in_chunks(
        schools, DIGEST_CHUNK, lambda chunk: _plan_digest_chunk(session, chunk, now, policy)
    )


async def _plan_digest_chunk(
    session: AsyncSession, schools: Sequence[School], now: datetime, policy: Policy
) -> int:
    opened: list[tuple[School, str, str]] = []
    for school in schools:
        local = to_local(now, school.tz)
        week = week_key(local.date())
        if digest_open(local, policy):
            opened.append((school, week, f"digest:{school.id}:{week}"))
    todo = await not_planned(session, opened)
    if not todo:
        return 0
    members = await people.recipients_of_schools(session, [s.id for s, _, _ in todo])
    admins = {s.id: [m for m in members.get(s.id, []) if m.role == Role.ADMIN] for s, _, _ in todo}
    # Without an administrator nothing is marked: planned when one joins during the digest day.
    todo = [entry for entry in todo if admins[entry[0].id]]
    if not todo:
        return 0
    digests = await school_digests(session, [school for school, _, _ in todo], now)
    snapshots, messages = [], []
    for school, week, _ in todo:
        digest = digests[school.id]  # of `week`: the school's current one, as here
        snapshots.append(
            dict(school_id=school.id, week=week, percent=digest.percent,
                 figures=digest.figures, created_at=now)
        )  # fmt: skip
        for admin in admins[school.id]:
            messages.append(message(
                key=f"digest:{admin.id}:{week}", kind="digest", to=admin,
                text=digest.text, image=digest.chart, not_before=now,
            ))  # fmt: skip
    await schedule.save_snapshots(session, snapshots)
    queued = await queue_many(session, messages)
    await schedule.mark_jobs(session, [marker for _, _, marker in todo], now)
    await session.commit()
    return queued


async def authority_digest(session: AsyncSession, authority: Authority, now: datetime) -> str:
    schools = (await ranking(session, authority, now)).schools  # best first
    rated = [(s.school.name, s.progress.percent, s.progress.people) for s in schools]
    overdue = sorted(
        ((s.school.name, len(s.progress.overdue)) for s in schools if s.progress.overdue),
        key=lambda pair: (-pair[1], pair[0]),
    )[:5]
    return t.authority_digest(authority.name, local_today(now, authority.tz), rated, overdue)


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
