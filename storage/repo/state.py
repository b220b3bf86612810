"""Small key/value facts the bot keeps across restarts (the polling marker, leases)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BotState, ProcessedUpdate
from storage.repo.schedule import insert_ignore, rowcount


async def get(session: AsyncSession, key: str) -> str | None:
    row = await session.get(BotState, key)
    return row.value if row is not None else None


async def put(session: AsyncSession, key: str, value: str) -> None:
    row = await session.get(BotState, key)
    if row is None:
        session.add(BotState(key=key, value=value))
    else:
        row.value = value


async def claim_update(session: AsyncSession, key: str, now: datetime) -> bool:
    """Claim the update `key` for this transaction: True for the first claimant, False when
    it was handled (or is being handled, in another transaction) before. The first write of
    an update's transaction: on PostgreSQL a second claimant waits for the first to commit
    (then skips) or roll back (then handles it); on SQLite the insert takes the one write
    lock, so the transaction reads nothing that a concurrent handling is about to change."""
    return await insert_ignore(session, ProcessedUpdate, [{"key": key, "at": now}]) == 1


async def forget_processed(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.at < before))


async def swap(session: AsyncSession, key: str, old: str | None, new: str) -> bool:
    """Set `key` to `new` only if it still holds `old` (None: absent). True on success."""
    if old is None:
        return await insert_ignore(session, BotState, [{"key": key, "value": new}]) == 1
    result = await session.execute(
        update(BotState).where(BotState.key == key, BotState.value == old).values(value=new)
    )
    return rowcount(result) == 1
