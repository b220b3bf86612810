"""Invite links (only hashes of the codes are stored)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite


async def add(session: AsyncSession, **fields: object) -> Invite:
    invite = Invite(**fields)
    session.add(invite)
    await session.flush()
    return invite


async def by_hash(session: AsyncSession, code_hash: str) -> Invite | None:
    return await session.scalar(
        select(Invite).where(Invite.code_hash == code_hash).with_for_update()
    )
