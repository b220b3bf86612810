"""Weekly digests: a school's for its administrators, a summary for the authority."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules import kpi as kpi_rules
from bot.rules import standing as honest
from bot.rules.attention import Attention, SchoolFacts, needing_attention
from bot.rules.checklist import local_today
from bot.rules.duties import done_count
from bot.rules.schedule import Policy, digest_open, to_local, week_key
from bot.services.authority import SchoolFigures, ranking
from bot.services.duties import duties_view
from bot.services.outbox import message, not_planned, plan_in_chunks, queue, queue_many
from bot.services.plans import plan_for
from bot.services.progress import progress_in
from bot.ui.chart import MAX_BARS, Words, completion_chart
from bot.ui.keyboards import Rows
from bot.ui.keyboards.authority import authority_digest_keyboard
from bot.ui.keyboards.progress import digest_keyboard
from bot.ui.texts import digest as t
from bot.vocab import Role
from storage.models import Authority, School
from storage.repo import kpi as kpi_repo
from storage.repo import people, schedule
from storage.repo import verify as checks

log = logging.getLogger(__name__)
T = TypeVar("T")

DIGEST_CHUNK = 100  # schools per transaction in `plan_digests`

# Charts are drawn in a worker thread (a few milliseconds each), so that a region's few hundred
# digests do not hold up the updates handled meanwhile; one thread, as the cached fonts and
# frames of bot.ui.chart are not meant to be shared between threads drawing at once.
_CHARTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-chart")


async def _draw(bars: list[tuple[str, float]], title: str, subtitle: str) -> bytes:
    words = Words(title, subtitle, t.CHART_LEGEND, t.CHART_TARGET)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_CHARTS, completion_chart, bars, words)


@dataclass(frozen=True)
class Digest:
    """A school's digest: the summary (`text`) with its chart; `overdue` and `help_requests`
    count what the buttons under it open (`keyboards.progress.digest_keyboard`)."""

    text: str
    chart: bytes | None
    percent: float
    figures: dict[str, list[int | None]]  # item code -> [done, counted]; REGISTERED_KEY
    overdue: int = 0
    help_requests: int = 0
    kpi_missing: bool = False  # the week's KPI figures are not all in

    def rows(self, person_id: int) -> Rows:
        """The buttons to the details, drawn for the administrator `person_id`."""
        return digest_keyboard(person_id, self.overdue, self.help_requests, self.kpi_missing)


def _percent(done: int, counted: int) -> float:
    return 100.0 * done / counted if counted else 0.0


def furthest_behind(figures: Sequence[tuple[T, float]], n: int) -> list[tuple[T, float]]:
    """The `n` entries with the lowest share, the lowest first (ties in the given order)."""
    ranked = sorted(enumerate(figures), key=lambda entry: (entry[1][1], entry[0]))
    return [entry for _, entry in ranked[:n]]


async def school_digest(
    session: AsyncSession, school: School, now: datetime, week: str | None = None
) -> Digest:
    """The digest of `school` as of `now`, compared with the last digest before `week`."""
    return (await school_digests(session, [school], now, week))[school.id]


async def school_digests(
    session: AsyncSession, schools: Sequence[School], now: datetime, week: str | None = None
) -> dict[int, Digest]:
    """`school_digest` for many schools (school id -> digest), with a few queries in all
    rather than several per school. `week` defaults to each school's current week."""
    weeks = {s.id: week or week_key(local_today(now, s.tz)) for s in schools}
    ids = list(weeks)
    members = await people.recipients_of_schools(session, ids)
    answers = await people.answers_in_schools(session, ids)
    school_answers = await people.school_answers_of_schools(session, ids)
    teaching = await people.teaching_in_schools(session, ids)
    verifications = await checks.verifications_in_schools(session, ids)
    school_checks = await people.school_verifications_of_schools(session, ids)
    previous = await schedule.latest_snapshots_before(session, weeks)
    requests = await schedule.open_help_requests_of_schools(session, ids)
    # The KPI figures are those of the week just ended (entered by its Friday: the weekly item
    # «Внесены показатели недели»), against the week before it.
    reported = {sid: kpi_rules.previous_week(week) for sid, week in weeks.items()}
    kpi_weeks = {w for week in reported.values() for w in (week, kpi_rules.previous_week(week))}
    entries = await kpi_repo.entries_of_schools(session, ids, kpi_weeks)
    out: dict[int, Digest] = {}
    for school in schools:
        here = members.get(school.id, [])
        plan = plan_for(school.authority)
        today = local_today(now, school.tz)
        progress = progress_in(
            school, here, answers, school_answers.get(school.id, {}), teaching, now,
            verifications, school_checks.get(school.id, {}),
        )  # fmt: skip
        names = {p.id: p.name for p in here}
        asked = []
        for r in requests.get(school.id, []):
            item = plan.item(r.item_code, school.kind)
            asked.append(
                (names.get(r.person_id, "—"), item.title if item else r.item_code, r.comment)
            )
        before = previous.get(school.id)
        kpi_week = reported[school.id]
        this = entries.get(school.id, {}).get(kpi_week)
        last = entries.get(school.id, {}).get(kpi_rules.previous_week(kpi_week))
        kpi = kpi_rules.school_week(
            plan,
            kpi_rules.SchoolWeek(
                len(here), school.declared_staff,
                {ind: None if this is None else getattr(this, ind) for ind in kpi_rules.ENTERED},
                {ind: None if last is None else getattr(last, ind) for ind in kpi_rules.ENTERED},
                before.figures.get(kpi_rules.REGISTERED_KEY) if before else None,
            ),
            kpi_rules.week_end(kpi_week),
        )  # fmt: skip
        # Items by the share of the declared staff done (`bot.rules.standing`): a personal
        # item counts the staff not yet in the bot as not done.
        bases = [(f, honest.item_base(f, progress.people, school.declared_staff))
                 for f in progress.items if f.counted]  # fmt: skip
        behind = furthest_behind([(f, _percent(f.done, b)) for f, b in bases], MAX_BARS)
        base_of = {f.code: b for f, b in bases}
        text = t.school_digest(
            school=school.name,
            today=today,
            percent=progress.percent,
            previous=before.percent if before else None,
            people=progress.people,
            declared_staff=school.declared_staff,
            share=honest.school_share(progress, school.declared_staff),
            finished=progress.finished_people,
            behind=[(f.title, f.done, base_of[f.code]) for f, _ in behind[: t.BEHIND]],
            overdue=len(progress.overdue),
            help_requests=len(asked),
            paused=len(progress.paused),
            checked=progress.checked,
            kpi=t.KpiBlock(plan, kpi, kpi_week) if plan.kpi else None,
        )
        bars = [(f.title, share) for f, share in behind]
        title = t.chart_title(school.name, today)
        chart = await _draw(bars, title, t.CHART_SUBTITLE) if bars else None
        out[school.id] = Digest(
            text=text,
            chart=chart,
            percent=progress.percent,
            figures={
                **{f.code: [f.done, f.counted] for f in progress.items},
                kpi_rules.REGISTERED_KEY: [len(here), school.declared_staff],
            },
            overdue=len(progress.overdue),
            help_requests=len(asked),
            kpi_missing=bool(plan.kpi) and kpi.missing,
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
                text=digest.text, image=digest.chart, rows=digest.rows(admin.id),
                not_before=now,
            ))  # fmt: skip
    await schedule.save_snapshots(session, snapshots)
    queued = await queue_many(session, messages)
    await schedule.mark_jobs(session, [marker for _, _, marker in todo], now)
    await session.commit()
    return queued


def _honest(s: SchoolFigures) -> float:
    """A school's share of declared staff for the list of those behind; a school with no
    declared staff by its joined people's completion (its line says the staff is unknown)."""
    st = s.standing
    return st.joined_percent if st.share is None else st.share


@dataclass(frozen=True)
class AuthorityDigest:
    text: str
    chart: bytes | None
    rows: Rows
    attention: list[Attention] = field(default_factory=list)


def _overdue_school_items(s: SchoolFigures) -> int:
    """School-level items past their deadline and not done."""
    return sum(
        1
        for f in s.progress.items
        if f.school_level and f.deadline and f.deadline < s.today and f.done < f.counted
    )


async def authority_digest(
    session: AsyncSession, authority: Authority, now: datetime, policy: Policy | None = None
) -> AuthorityDigest:
    """The authority's summary: its whole figure, the schools furthest behind (and a chart of
    them), how many people are overdue, the week's KPI figures and the schools that have not
    entered them, and the schools needing attention (`bot.rules.attention`), with buttons to
    open each and to write to its administrators; buttons to the rating and the overdue list."""
    policy = policy or Policy()
    rated = await ranking(session, authority, now)
    schools = rated.schools  # best first
    today = local_today(now, authority.tz)
    ids = [s.school.id for s in schools]
    weeks = {s.school.id: week_key(s.today) for s in schools}
    kpi_week = kpi_rules.previous_week(week_key(today))  # the week just ended, as for a school
    previous = await schedule.latest_snapshots_before(session, weeks)
    requests = await schedule.open_help_requests_of_schools(session, ids)
    school_weeks, facts, missing = [], [], []
    for s in sorted(schools, key=lambda s: s.school.name):
        before = previous.get(s.school.id)
        week = s.week(  # the authority's week for every school, whatever its zone
            kpi_week, before.figures.get(kpi_rules.REGISTERED_KEY) if before else None
        )
        figures = kpi_rules.school_week(rated.plan, week, kpi_rules.week_end(kpi_week))
        school_weeks.append(week)
        if figures.missing:
            missing.append(s.school.name)
        facts.append(
            SchoolFacts(
                s.school.id, s.school.name, s.admins_seen,
                [r.created_at for r in requests.get(s.school.id, []) if r.answered_at is None],
                figures.all,
                _overdue_school_items(s),
            )
        )  # fmt: skip
    attention = needing_attention(facts, now, policy)
    own = await duties_view(session, authority, now) if rated.plan.duties else None
    done = sum(s.progress.done for s in schools)
    counted = sum(s.progress.counted for s in schools)
    share = honest.total_share([(s.progress, s.school.declared_staff) for s in schools])
    behind = furthest_behind([(s, _honest(s)) for s in schools], MAX_BARS)
    overdue = [len(s.progress.overdue) for s in schools if s.progress.overdue]
    text = t.authority_digest(
        authority.name,
        today,
        _percent(done, counted),
        share,
        len(schools),
        sum(s.progress.people for s in schools),
        [(s.school.name, s.standing) for s, _ in behind[: t.BEHIND]],
        sum(overdue),
        len(overdue),
        kpi=t.KpiBlock(
            rated.plan,
            kpi_rules.authority_week(rated.plan, school_weeks, kpi_rules.week_end(kpi_week)),
            kpi_week, len(schools), missing,
        ) if rated.plan.kpi else None,
        attention=attention,
        policy=policy,
        duties=(done_count(own.states), len(own.states)) if own else None,
    )  # fmt: skip
    bars = [(s.school.name, share) for s, share in behind]
    title = t.chart_title(authority.name, today)
    chart = await _draw(bars, title, t.CHART_SCHOOLS) if bars else None
    buttons = [(a.school_id, a.name, a.has_admin) for a in attention[: t.NAMED]]
    return AuthorityDigest(
        text, chart, authority_digest_keyboard(bool(overdue), buttons), attention
    )


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
    digest = await authority_digest(session, authority, now, policy)
    queued = 0
    for person in staff:
        queued += await queue(
            session, key=f"authority-digest:{person.id}:{week}", kind="digest", to=person,
            text=digest.text, image=digest.chart, rows=digest.rows, not_before=now,
        )  # fmt: skip
    await schedule.mark_job(session, marker, now)
    await session.commit()
    return queued
