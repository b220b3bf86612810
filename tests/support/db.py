"""A short-lived engine and session on the test database, for set-up and checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from storage.db import create_engine, create_sessionmaker, migrate


@asynccontextmanager
async def session_on(settings: Settings, *, migrated: bool = False) -> AsyncIterator[AsyncSession]:
    """A session on its own engine (disposed afterwards); `migrated` brings the schema up first."""
    engine = create_engine(settings.database_url)
    try:
        if migrated:
            await migrate(engine)
        async with create_sessionmaker(engine)() as session:
            yield session
    finally:
        await engine.dispose()


async def rows(settings: Settings, query: Any) -> list[Any]:
    """Every row of `query`, read on a connection of its own."""
    async with session_on(settings) as session:
        return list((await session.execute(query)).all())
