"""Queries of the school-year roll-over: a school's open classes with their teachers, the
administrator's corrections kept between the preview and the confirmation, and applying it."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BotState, ClassTeacher, Person, SchoolClass


async def open_classes(
    session: AsyncSession, school_id: int
) -> list[tuple[SchoolClass, list[tuple[int, str]]]]:
    """The school's open classes, each with its current teachers (person id, name)."""
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


def _draft_key(school_id: int) -> str:
    return f"rollover:{school_id}"


async def get_draft(session: AsyncSession, school_id: int) -> dict[str, Any]:
    """The administrator's corrections: {"actions": {class id: action}, "leaves": [[class id,
    person id], ...]} (empty when none)."""
    row = await session.get(BotState, _draft_key(school_id))
    if row is None:
        return {"actions": {}, "leaves": []}
    data = json.loads(row.value)
    return {"actions": dict(data.get("actions", {})), "leaves": list(data.get("leaves", []))}


async def put_draft(session: AsyncSession, school_id: int, draft: dict[str, Any]) -> None:
    value = json.dumps(draft, sort_keys=True)
    row = await session.get(BotState, _draft_key(school_id))
    if row is None:
        session.add(BotState(key=_draft_key(school_id), value=value))
    else:
        row.value = value


async def drop_draft(session: AsyncSession, school_id: int) -> None:
    await session.execute(delete(BotState).where(BotState.key == _draft_key(school_id)))


async def end_teaching(session: AsyncSession, class_id: int, person_id: int, now: datetime) -> None:
    """The person no longer teaches the class (from `now`); their answers stay."""
    rows = await session.scalars(
        select(ClassTeacher).where(
            ClassTeacher.class_id == class_id,
            ClassTeacher.person_id == person_id,
            ClassTeacher.until.is_(None),
        )
    )
    for row in rows:
        row.until = now
