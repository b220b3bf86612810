"""Join attempts with codes that matched no invite (brute-force protection)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InviteAttempt


def add(session: AsyncSession, max_user_id: int, at: datetime) -> None:
    session.add(InviteAttempt(max_user_id=max_user_id, at=at))


async def count_since(session: AsyncSession, max_user_id: int, since: datetime) -> int:
    """How many wrong codes `max_user_id` has tried at or after `since`."""
    return (
        await session.scalar(
            select(func.count()).where(
                InviteAttempt.max_user_id == max_user_id, InviteAttempt.at >= since
            )
        )
        or 0
    )


async def summary_since(
    session: AsyncSession, since: datetime, *, blocked_since: datetime, limit: int
) -> tuple[int, int, int]:
    """Across the bot: (wrong codes tried since `since`, distinct users who tried them,
    users with at least `limit` wrong codes since `blocked_since`)."""
    attempts, users = (
        await session.execute(
            select(func.count(), func.count(func.distinct(InviteAttempt.max_user_id))).where(
                InviteAttempt.at >= since
            )
        )
    ).one()
    per_user = (
        select(InviteAttempt.max_user_id)
        .where(InviteAttempt.at >= blocked_since)
        .group_by(InviteAttempt.max_user_id)
        .having(func.count() >= limit)
        .subquery()
    )
    blocked = await session.scalar(select(func.count()).select_from(per_user))
    return attempts or 0, users or 0, blocked or 0
