"""Invite links (only hashes of the codes are stored): adding, finding by code, the school's
active list and revocation, and the class labels the `/invite` wizard offers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite, RosterEntry, SchoolClass
from storage.repo import inserted
from storage.repo.schedule import rowcount


async def add(session: AsyncSession, **fields: object) -> Invite:
    return await inserted(session, Invite(**fields))


async def by_hash(session: AsyncSession, code_hash: str) -> Invite | None:
    return await session.scalar(
        select(Invite).where(Invite.code_hash == code_hash).with_for_update()
    )


async def take_use(session: AsyncSession, invite_id: int) -> bool:
    """Count one use of the invite if it has one left: a single conditional update, so people
    racing for the last use of a link (on SQLite or PostgreSQL, in one process or several)
    get it exactly once between them. False when it was used up meanwhile."""
    result = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite_id,
            or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses),
        )
        .values(uses=Invite.uses + 1)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


def _active(school_id: int, now: datetime) -> list[Any]:
    """Neither revoked, expired nor used up (a one-time link someone joined by is used)."""
    return [
        Invite.school_id == school_id,
        Invite.revoked_at.is_(None),
        Invite.expires_at > now,
        or_(Invite.max_uses.is_(None), Invite.uses < Invite.max_uses),
    ]


async def used_up_of_school(session: AsyncSession, school_id: int) -> int:
    """How many of the school's limited links are used up (everyone they were for joined)."""
    count = await session.scalar(
        select(func.count(Invite.id)).where(
            Invite.school_id == school_id,
            Invite.max_uses.is_not(None),
            Invite.uses >= Invite.max_uses,
        )
    )
    return int(count or 0)


async def active_of_school(session: AsyncSession, school_id: int, now: datetime) -> list[Invite]:
    """Invites of the school that are neither revoked, expired nor used up, newest first."""
    rows = await session.scalars(
        select(Invite)
        .where(*_active(school_id, now))
        .order_by(Invite.created_at.desc(), Invite.id.desc())
    )
    return list(rows)


async def get_invite(session: AsyncSession, invite_id: int) -> Invite | None:
    return await session.get(Invite, invite_id)


async def revoke_unused(session: AsyncSession, school_id: int, now: datetime) -> list[int]:
    """Revoke the school's active invites nobody has used; returns their ids."""
    rows = await session.execute(
        update(Invite)
        .where(*_active(school_id, now), Invite.uses == 0)
        .values(revoked_at=now)
        .returning(Invite.id)
    )
    return sorted(invite_id for (invite_id,) in rows)


async def class_labels(session: AsyncSession, school_id: int) -> set[str]:
    """Class (group) labels known in the school: from its roster and its open classes."""
    roster = await session.scalars(
        select(RosterEntry.class_label)
        .where(RosterEntry.school_id == school_id, RosterEntry.class_label.is_not(None))
        .distinct()
    )
    classes = await session.scalars(
        select(SchoolClass.label).where(
            SchoolClass.school_id == school_id, SchoolClass.closed_at.is_(None)
        )
    )
    return {label for label in [*roster, *classes] if label}
