"""People, their answers and the audit log."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Audit, Person, SchoolAnswer


async def by_max_user(session: AsyncSession, max_user_id: int) -> Person | None:
    return await session.scalar(select(Person).where(Person.max_user_id == max_user_id))


async def members_of(session: AsyncSession, school_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.school_id == school_id).order_by(Person.name, Person.id)
    )
    return list(rows)


async def answers_of(session: AsyncSession, person_id: int) -> dict[str, str]:
    rows = await session.execute(
        select(Answer.item_code, Answer.status).where(Answer.person_id == person_id)
    )
    return {code: status for code, status in rows}


async def answers_in_school(session: AsyncSession, school_id: int) -> dict[int, dict[str, str]]:
    """person id -> {item code -> status} for everyone in the school, in one query."""
    rows = await session.execute(
        select(Answer.person_id, Answer.item_code, Answer.status)
        .join(Person, Person.id == Answer.person_id)
        .where(Person.school_id == school_id)
    )
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for person_id, code, status in rows:
        out[person_id][code] = status
    return out


async def school_answers(session: AsyncSession, school_id: int) -> dict[str, str]:
    rows = await session.execute(
        select(SchoolAnswer.item_code, SchoolAnswer.status).where(
            SchoolAnswer.school_id == school_id
        )
    )
    return {code: status for code, status in rows}


async def set_answer(
    session: AsyncSession, person_id: int, code: str, status: str, at: datetime
) -> None:
    row = await session.scalar(
        select(Answer).where(Answer.person_id == person_id, Answer.item_code == code)
    )
    if row is None:
        session.add(Answer(person_id=person_id, item_code=code, status=status, answered_at=at))
    elif row.status != status:  # a confirmation was of the previous answer
        row.status, row.answered_at = status, at
        row.verification = row.verified_at = row.verified_by = None


async def set_school_answer(
    session: AsyncSession, school_id: int, code: str, status: str, at: datetime, person_id: int
) -> None:
    row = await session.scalar(
        select(SchoolAnswer).where(
            SchoolAnswer.school_id == school_id, SchoolAnswer.item_code == code
        )
    )
    if row is None:
        session.add(
            SchoolAnswer(
                school_id=school_id,
                item_code=code,
                status=status,
                answered_at=at,
                person_id=person_id,
            )
        )
    else:
        row.status, row.answered_at, row.person_id = status, at, person_id


def audit(
    session: AsyncSession,
    action: str,
    *,
    at: datetime,
    actor: str = "person",
    person_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        Audit(at=at, actor=actor, actor_person_id=person_id, action=action, details=details)
    )


async def authority_staff(session: AsyncSession, authority_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.authority_id == authority_id, Person.role == "authority")
    )
    return list(rows)


def mark_unreachable(session: AsyncSession, person: Person, now: datetime) -> None:
    """No messages to this person until they write to the bot again."""
    if person.unreachable_at is None:
        person.unreachable_at = now
        audit(session, "person.unreachable", at=now, actor="system", person_id=person.id)
