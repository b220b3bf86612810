"""The webhook inbox: updates accepted from MAX and not handled yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WebhookInbox
from storage.repo import inserted


async def add(session: AsyncSession, body: str, now: datetime) -> int:
    """Keep an accepted update; returns its place in the order of arrival."""
    return (await inserted(session, WebhookInbox(body=body, received_at=now))).id


async def waiting(session: AsyncSession) -> list[tuple[int, str]]:
    """Every update not handled yet, in the order they arrived."""
    rows = await session.execute(
        select(WebhookInbox.id, WebhookInbox.body).order_by(WebhookInbox.id)
    )
    return [(row_id, body) for row_id, body in rows]


async def remove(session: AsyncSession, row_id: int) -> None:
    await session.execute(delete(WebhookInbox).where(WebhookInbox.id == row_id))


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(WebhookInbox)) or 0)
