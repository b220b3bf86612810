"""Queries of a school's classes (`/classes`, the roll-over): the open classes with their
teachers, adding a class, its size, who teaches it from when until when."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ClassTeacher, Person, SchoolClass


async def open_classes(
    session: AsyncSession, school_id: int
) -> list[tuple[SchoolClass, list[tuple[int, str]]]]:
    """The school's open classes, each with its current teachers (person id, name) who still
    work at the school."""
    classes = list(
        await session.scalars(
            select(SchoolClass)
            .where(SchoolClass.school_id == school_id, SchoolClass.closed_at.is_(None))
            .order_by(SchoolClass.id)
        )
    )
    teachers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if classes:
        rows = await session.execute(
            select(ClassTeacher.class_id, Person.id, Person.name)
            .join(Person, Person.id == ClassTeacher.person_id)
            .where(
                ClassTeacher.class_id.in_([c.id for c in classes]),
                ClassTeacher.until.is_(None),
                Person.left_at.is_(None),
            )
            .order_by(Person.name, Person.id)
        )
        for class_id, person_id, name in rows:
            teachers[class_id].append((person_id, name))
    return [(c, teachers[c.id]) for c in classes]


async def _open(session: AsyncSession, school_id: int, *where: Any) -> SchoolClass | None:
    return await session.scalar(
        select(SchoolClass).where(
            SchoolClass.school_id == school_id, SchoolClass.closed_at.is_(None), *where
        )
    )


async def open_class(session: AsyncSession, school_id: int, class_id: int) -> SchoolClass | None:
    """The school's class `class_id` if it is open (None: another school's, closed, gone)."""
    return await _open(session, school_id, SchoolClass.id == class_id)


async def open_class_labelled(
    session: AsyncSession, school_id: int, label: str
) -> SchoolClass | None:
    return await _open(session, school_id, SchoolClass.label == label)


async def add_class(
    session: AsyncSession,
    *,
    school_id: int,
    label: str,
    grade: int | None,
    letter: str | None,
    school_year: str,
    now: datetime,
) -> SchoolClass:
    klass = SchoolClass(
        school_id=school_id, label=label, grade=grade, letter=letter,
        school_year=school_year, created_at=now,
    )  # fmt: skip
    session.add(klass)
    await session.flush()
    return klass


async def teaches(session: AsyncSession, class_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(ClassTeacher.id).where(
            ClassTeacher.class_id == class_id,
            ClassTeacher.person_id == person_id,
            ClassTeacher.until.is_(None),
        )
    )
    return found is not None


async def start_teaching(
    session: AsyncSession, class_id: int, person_id: int, now: datetime
) -> bool:
    """The person teaches the class from `now`; False (nothing changed) if they already do."""
    if await teaches(session, class_id, person_id):
        return False
    session.add(ClassTeacher(class_id=class_id, person_id=person_id, since=now))
    await session.flush()
    return True


async def end_teaching(session: AsyncSession, class_id: int, person_id: int, now: datetime) -> bool:
    """The person no longer teaches the class (from `now`); their answers stay. False when
    they did not teach it."""
    rows = list(
        await session.scalars(
            select(ClassTeacher).where(
                ClassTeacher.class_id == class_id,
                ClassTeacher.person_id == person_id,
                ClassTeacher.until.is_(None),
            )
        )
    )
    for row in rows:
        row.until = now
    return bool(rows)


async def close_class(session: AsyncSession, klass: SchoolClass, now: datetime) -> None:
    """The class closes from `now`; whoever teaches it stops (their answers stay)."""
    klass.closed_at = now
    rows = await session.scalars(
        select(ClassTeacher).where(ClassTeacher.class_id == klass.id, ClassTeacher.until.is_(None))
    )
    for row in rows:
        row.until = now


async def assign_class(
    session: AsyncSession,
    *,
    school_id: int,
    label: str,
    grade: int | None,
    letter: str | None,
    school_year: str,
    person_id: int,
    since: datetime,
) -> int:
    """Make the person a teacher of the school's open class `label` (added if there is none);
    returns the class id. Teaching it already changes nothing."""
    klass = await open_class_labelled(session, school_id, label)
    if klass is None:
        klass = await add_class(
            session, school_id=school_id, label=label, grade=grade, letter=letter,
            school_year=school_year, now=since,
        )  # fmt: skip
    await start_teaching(session, klass.id, person_id, since)
    return klass.id
