"""Queries for the staff overview (`/staff`): the school's roster rows not joined yet, and
the person an administrator opens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, RosterEntry


async def not_joined(session: AsyncSession, school_id: int) -> list[RosterEntry]:
    """Roster rows of the school whose person has not joined the bot yet, by name."""
    rows = await session.scalars(
        select(RosterEntry)
        .where(RosterEntry.school_id == school_id, RosterEntry.person_id.is_(None))
        .order_by(RosterEntry.full_name, RosterEntry.id)
    )
    return list(rows)


async def get_person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)
