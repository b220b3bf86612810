"""Queueing scheduled messages in the outbox under exactly-once keys."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards import Rows
from bot.rules.schedule import Policy, next_allowed, to_local
from storage.models import Person
from storage.repo import schedule


async def queue(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    to: Person,
    text: str,
    not_before: datetime,
    rows: Rows | None = None,
    image: bytes | None = None,
) -> bool:
    """Queue a message for `to`; False when a message with this key was queued before."""
    return await schedule.enqueue(
        session,
        key=key,
        kind=kind,
        person_id=to.id,
        user_id=to.max_user_id,
        chat_id=to.chat_id,
        text=text,
        buttons=rows or [],
        image=image,
        next_attempt_at=not_before,
    )


def first_allowed_moment(now: datetime, tz: str, policy: Policy) -> datetime:
    """`now`, or the end of quiet hours / Sunday in that zone, as UTC."""
    return next_allowed(to_local(now, tz), policy).astimezone(UTC)
