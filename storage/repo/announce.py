"""Queries for announcements: drafts, their delivery figures, the people an authority can
reach, and the class labels an administrator can address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Announcement, Outbox, Person, School
from storage.repo import inserted, people
from storage.repo.people import STILL_HERE


async def people_of_authority(session: AsyncSession, authority_id: int) -> list[Person]:
    """Everyone in the authority's schools (not the authority's own staff)."""
    rows = await session.scalars(
        select(Person)
        .join(School, School.id == Person.school_id)
        .where(School.authority_id == authority_id, STILL_HERE)
        .order_by(Person.id)
    )
    return list(rows)


async def add_announcement(session: AsyncSession, **fields: object) -> Announcement:
    return await inserted(session, Announcement(**fields))


async def get_announcement(session: AsyncSession, announcement_id: int) -> Announcement | None:
    return await session.get(Announcement, announcement_id)


async def delivery_counts(session: AsyncSession, announcement_id: int) -> tuple[int, int, int]:
    """(delivered, given up, queued) outbox rows of an announcement."""
    prefix = f"announce:{announcement_id}:"
    row = (
        await session.execute(
            select(
                func.count(Outbox.sent_at), func.count(Outbox.dropped_at), func.count(Outbox.id)
            ).where(Outbox.key.startswith(prefix, autoescape=True))
        )
    ).one()
    return row[0], row[1], row[2]


async def confirmed_since(session: AsyncSession, since: datetime) -> list[Announcement]:
    """Announcements sent to someone since `since` (their waves may still be under way)."""
    rows = await session.scalars(
        select(Announcement).where(Announcement.confirmed_at >= since, Announcement.recipients > 0)
    )
    return list(rows)


async def class_labels(session: AsyncSession, school_id: int) -> list[str]:
    """The school's open classes that have a teacher still working there, by label."""
    teaching = await people.class_labels_of(session, school_id)
    return sorted({label for labels in teaching.values() for label in labels})
