"""Authorities and schools."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Authority, School
from storage.repo import inserted


async def add_authority(
    session: AsyncSession, *, name: str, tz: str, plan_toml: str | None
) -> Authority:
    return await inserted(session, Authority(name=name, tz=tz, plan_toml=plan_toml))


async def add_school(session: AsyncSession, **fields: object) -> School:
    return await inserted(session, School(**fields))


async def get_authority(session: AsyncSession, authority_id: int) -> Authority | None:
    return await session.get(Authority, authority_id)


async def get_school(session: AsyncSession, school_id: int) -> School | None:
    return await session.get(School, school_id)


async def schools_of(session: AsyncSession, authority_id: int) -> list[School]:
    rows = await session.scalars(
        select(School).where(School.authority_id == authority_id).order_by(School.name)
    )
    return list(rows)


async def all_schools(session: AsyncSession) -> list[School]:
    """Every school, by id (the scheduler plans them all)."""
    return list(await session.scalars(select(School).order_by(School.id)))


async def all_authorities(session: AsyncSession) -> list[Authority]:
    """Every authority, by id."""
    return list(await session.scalars(select(Authority).order_by(Authority.id)))
