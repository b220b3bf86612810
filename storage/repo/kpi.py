"""KPI entries, and bulk reads over all schools of an authority (a few queries, not N+1)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Row, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.vocab import Status
from storage.models import Answer, KpiEntry, Person, School, SchoolAnswer, SchoolClass
from storage.repo import answer_key, statuses_by_owner
from storage.repo.people import STILL_HERE

FIGURE_COLUMNS = ("staff_weekly", "students_parents_weekly")


async def entry(session: AsyncSession, school_id: int, week: str) -> KpiEntry | None:
    return await session.scalar(
        select(KpiEntry).where(KpiEntry.school_id == school_id, KpiEntry.week == week)
    )


async def set_figure(
    session: AsyncSession,
    school_id: int,
    week: str,
    column: str,
    value: float,
    *,
    person_id: int | None,
    at: datetime,
) -> KpiEntry:
    """Insert or update the (school, week) entry, setting one figure; the other is kept."""
    if column not in FIGURE_COLUMNS:
        raise ValueError(f"unknown KPI column {column!r}")
    row = await entry(session, school_id, week)
    if row is None:
        row = KpiEntry(school_id=school_id, week=week)
        session.add(row)
    setattr(row, column, value)
    row.entered_by, row.entered_at = person_id, at
    await session.flush()
    return row


async def entries_of_school(
    session: AsyncSession, school_id: int, weeks: Collection[str]
) -> dict[str, KpiEntry]:
    """week -> entry, for the given weeks that have one."""
    rows = await session.scalars(
        select(KpiEntry).where(KpiEntry.school_id == school_id, KpiEntry.week.in_(list(weeks)))
    )
    return {row.week: row for row in rows}


async def entries_of_schools(
    session: AsyncSession, school_ids: Collection[int], weeks: Collection[str]
) -> dict[int, dict[str, KpiEntry]]:
    """school id -> week -> entry, for many schools and the given weeks, in one query."""
    rows = await session.scalars(
        select(KpiEntry).where(
            KpiEntry.school_id.in_(list(school_ids)), KpiEntry.week.in_(list(weeks))
        )
    )
    out: dict[int, dict[str, KpiEntry]] = {}
    for row in rows:
        out.setdefault(row.school_id, {})[row.week] = row
    return out


async def entries_of_authority(session: AsyncSession, authority_id: int) -> list[KpiEntry]:
    """Every KPI entry of the authority's schools, oldest week first."""
    rows = await session.scalars(
        select(KpiEntry)
        .join(School, School.id == KpiEntry.school_id)
        .where(School.authority_id == authority_id)
        .order_by(KpiEntry.week, KpiEntry.school_id)
    )
    return list(rows)


async def members_count(session: AsyncSession, school_id: int) -> int:
    """People registered in the school (every role)."""
    return int(
        await session.scalar(
            select(func.count(Person.id)).where(Person.school_id == school_id, STILL_HERE)
        )
        or 0
    )


async def members_of_authority(session: AsyncSession, authority_id: int) -> list[Row]:
    """Everyone registered in the authority's schools, by school, name: light rows (id, name,
    role, school_id, paused_until, joined_at, seen_at) rather than Person objects, tens of
    thousands at a time."""
    p, s = Person.__table__.c, School.__table__.c  # a Core query: plain rows, no ORM loading
    rows = await session.execute(
        select(p.id, p.name, p.role, p.school_id, p.paused_until, p.joined_at, p.seen_at)
        .join(School.__table__, s.id == p.school_id)
        .where(s.authority_id == authority_id, STILL_HERE)
        .order_by(p.school_id, p.name, p.id)
    )
    return list(rows)


async def periods_of_authority(
    session: AsyncSession, authority_id: int
) -> list[tuple[int, str, str, str | None, int, int]]:
    """Answers of recurring and class items, by period, for the history sheet: (school id,
    item code, period, class label, answered «готово», answered) — everyone's, including
    people who left (their answers are history), school-level answers as one each."""
    klass = SchoolClass.__table__.c
    a = Answer.__table__.c
    personal = await session.execute(
        select(Person.school_id, a.item_code, a.period, klass.label,
               func.count().filter(a.status == Status.DONE), func.count())
        .select_from(Answer.__table__)
        .join(Person, Person.id == a.person_id)
        .join(School, School.id == Person.school_id)
        .outerjoin(SchoolClass.__table__, klass.id == a.class_id)
        .where(School.authority_id == authority_id, a.period != "")
        .group_by(Person.school_id, a.item_code, a.period, klass.label)
    )  # fmt: skip
    s = SchoolAnswer.__table__.c
    school_level = await session.execute(
        select(s.school_id, s.item_code, s.period, literal(None),
               func.count().filter(s.status == Status.DONE), func.count())
        .join(School, School.id == s.school_id)
        .where(School.authority_id == authority_id, s.period != "")
        .group_by(s.school_id, s.item_code, s.period)
    )  # fmt: skip
    return sorted(
        [tuple(row) for row in [*personal, *school_level]],
        key=lambda r: (r[0], r[1], r[2]),
    )


async def answers_of_authority(
    session: AsyncSession, authority_id: int
) -> dict[int, dict[str, str]]:
    """person id -> {answer key -> status} for everyone in the authority's schools."""
    rows = await session.execute(
        select(Answer.person_id, answer_key(Answer.item_code, Answer.period), Answer.status)
        .join(Person, Person.id == Answer.person_id)
        .join(School, School.id == Person.school_id)
        .where(School.authority_id == authority_id, STILL_HERE)
    )
    return statuses_by_owner(rows)


async def school_answers_of_authority(
    session: AsyncSession, authority_id: int
) -> dict[int, dict[str, str]]:
    """school id -> {item code -> status} of school-level items, for the authority's schools."""
    rows = await session.execute(
        select(
            SchoolAnswer.school_id,
            answer_key(SchoolAnswer.item_code, SchoolAnswer.period),
            SchoolAnswer.status,
        )
        .join(School, School.id == SchoolAnswer.school_id)
        .where(School.authority_id == authority_id)
    )
    return statuses_by_owner(rows)
