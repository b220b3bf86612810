"""The test databases: a fresh one per test (a SQLite file, or a PostgreSQL database when
TEST_POSTGRES_URL points at a server), and a short-lived engine and session on one."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import Person, School

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")  # set by scripts/with-postgres.sh


@asynccontextmanager
async def fresh_database(directory: Path) -> AsyncIterator[str]:
    """The URL of a new, empty database: a SQLite file in `directory`, or a new PostgreSQL
    database (dropped afterwards) when TEST_POSTGRES_URL points at a server."""
    url = await create_database(directory)
    try:
        yield url
    finally:
        await drop_database(url)


async def create_database(directory: Path) -> str:
    """A new, empty database (see `fresh_database`); `drop_database` removes it."""
    if not POSTGRES_URL:
        return f"sqlite+aiosqlite:///{directory / 'bot.sqlite3'}"
    server = make_url(POSTGRES_URL)
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(_dsn(server))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server.set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    database = make_url(url)
    if database.get_backend_name() != "postgresql":
        return  # a SQLite file goes with its temporary directory
    admin = await asyncpg.connect(_dsn(make_url(POSTGRES_URL or url)))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)')
    finally:
        await admin.close()


def _dsn(server: URL) -> str:
    return server.set(drivername="postgresql").render_as_string(hide_password=False)


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


async def joined_long_ago(sessionmaker: Any, days: int = 60) -> None:
    """Everyone registered so far joined (and every school was added) `days` earlier. A test
    of overdue items is about people who have been at the school a while: a newcomer's own
    deadlines are no earlier than joined + the plan's grace days (bot.rules.calendar).
    `sessionmaker`: the running bot's (`bot.app.sessionmaker`)."""
    async with sessionmaker() as session:
        for person in await session.scalars(select(Person)):
            person.joined_at -= timedelta(days=days)
        for school in await session.scalars(select(School)):
            school.created_at -= timedelta(days=days)
        await session.commit()


async def run_builtin_plan(sessionmaker: Any, authority_id: int, name: str) -> None:
    """The authority runs the built-in plan `name` (as `plan set --builtin NAME` does): a test
    set in the autumn of 2025 is about an authority running that campaign's plan."""
    from bot.clock import utcnow
    from bot.services import plans
    from storage.models import Authority

    async with sessionmaker() as session:
        authority = await session.get(Authority, authority_id)
        assert authority is not None
        await plans.use_builtin(session, authority, name, utcnow())
        await session.commit()
