"""Services on a migrated database, no emulator: one database migrated once for the whole run,
and each test's work in a transaction rolled back at its end.

The session is bound to a connection inside an outer transaction, with
`join_transaction_mode="create_savepoint"`: a service's `commit()` (or `rollback()`) only ends a
savepoint, and the outer transaction is rolled back after the test. SQLite (aiosqlite) needs
SQLAlchemy's transaction recipe for that: the driver's own transaction handling is switched off
and SQLAlchemy emits BEGIN itself, so that SAVEPOINTs nest inside it. Tests that need commits
seen by another connection or process use the `db_url`/`settings` fixtures instead.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.db import create_engine, migrate
from tests.support.db import create_database, drop_database
from tests.support.region import World, add_world


def _in_a_thread_of_its_own(coroutine: Any) -> Any:
    """Run a coroutine on a loop of its own (the tests' loops are per test)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for all the services tests, brought to the latest revision once."""

    async def create() -> str:
        url = await create_database(tmp_path_factory.mktemp("services"))
        engine = create_engine(url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()
        return url

    url = _in_a_thread_of_its_own(create())
    try:
        yield url
    finally:
        _in_a_thread_of_its_own(drop_database(url))


def _savepoints_on_sqlite(engine: AsyncEngine) -> None:
    """SQLAlchemy's recipe for SAVEPOINT on (aio)sqlite: BEGIN emitted by SQLAlchemy."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine.sync_engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


@pytest.fixture
async def session(migrated_url: str) -> AsyncIterator[AsyncSession]:
    """A session whose work, committed or not, is rolled back after the test."""
    engine = create_engine(migrated_url)
    _savepoints_on_sqlite(engine)
    try:
        async with engine.connect() as connection:
            outer = await connection.begin()
            async with AsyncSession(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            ) as db_session:
                yield db_session
            await outer.rollback()
    finally:
        await engine.dispose()


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """The standard region, inside the test's transaction."""
    return await add_world(session)
