"""Engine, sessions and migrations. SQLite gets WAL, a busy timeout, foreign keys and
secure_delete.

`open_database(url)` is the one way a command opens the database: engine, migrate, dispose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

import migrations

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The connection pool, sized for the webhook's workers (8 by default), the scheduler and the
# sender: a burst waits for a connection (up to POOL_TIMEOUT) instead of failing.
POOL_SIZE = 10
POOL_OVERFLOW = 10
POOL_TIMEOUT = 120


def create_engine(database_url: str) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        memory = not url.database or url.database == ":memory:"
        pool = {} if memory else _POOL
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **pool
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **_POOL)


_POOL: dict[str, Any] = {
    "pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, "pool_timeout": POOL_TIMEOUT,
}  # fmt: skip


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Deleted and overwritten content is zeroed in the file (erasure, 152-ФЗ), not left in
    # free pages; see storage.repo.privacy.scrub_files for the WAL.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


class HandlingSession(AsyncSession):
    """The session of one update's handling (`handlers/middlewares.py`).

    A handler's `commit()` only flushes: the update's claim, what the handler wrote and the
    replies it queued are committed together, by the middleware, when the handler is done.
    Committed halfway, a process killed between the handler's commit and the replies it
    queued afterwards left the update claimed, its effect done and its replies never written:
    a person joined and was never greeted (tests/e2e/test_attack_webhook_kill.py). What must
    be in the database before the handling ends (replies sent mid-handling, an erasure before
    the file is scrubbed, SQLite's lock freed for slow work) goes through `commit_now`."""

    async def commit(self) -> None:
        await self.flush()

    async def commit_handling(self) -> None:
        await super().commit()


def handling_sessionmaker(sessionmaker: async_sessionmaker) -> async_sessionmaker:
    """`sessionmaker`'s settings, making `HandlingSession`s."""
    return async_sessionmaker(class_=HandlingSession, **sessionmaker.kw)


async def commit_now(session: AsyncSession) -> None:
    """Commit for real, in a handling too (see `HandlingSession`)."""
    if isinstance(session, HandlingSession):
        await session.commit_handling()
    else:
        await session.commit()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    return cfg


def _upgrade(connection: Connection) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the database schema to the latest revision (idempotent)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


@asynccontextmanager
async def open_database(database_url: str, *, upgrade: bool = True) -> AsyncIterator[AsyncEngine]:
    """The engine for `database_url`, migrated to the latest revision first (unless
    `upgrade=False`), disposed of on exit."""
    engine = create_engine(database_url)
    try:
        if upgrade:
            await migrate(engine)
        yield engine
    finally:
        await engine.dispose()


async def ping(engine: AsyncEngine) -> None:
    """`SELECT 1` on a connection of its own (not from the pool: a pool busy with a burst is
    not an outage); raises if the database cannot be reached (a health check)."""
    probe = create_async_engine(engine.url, poolclass=NullPool)
    try:
        async with probe.connect() as conn:
            await conn.execute(text("SELECT 1"))
    finally:
        await probe.dispose()


def pool_busy(engine: AsyncEngine) -> bool:
    """Every connection the pool may open is in use (callers wait for one)."""
    pool = engine.pool
    checked_out = getattr(pool, "checkedout", None)
    return checked_out is not None and checked_out() >= POOL_SIZE + POOL_OVERFLOW


async def release_write(session: AsyncSession) -> None:
    """Before slow work that touches no table (a download, a parse in a worker process):
    on SQLite commit, so the one write lock the handling took with its claim is free for
    everyone else meanwhile (`begin_write` takes it again). The claim is then committed: a
    crash during the slow part leaves that update handled, its effect not done (the person
    sends it again). On PostgreSQL nothing (row locks hold no one else up)."""
    if session.get_bind().dialect.name == "sqlite":
        await commit_now(session)


async def begin_write(session: AsyncSession) -> None:
    """Take SQLite's write lock now (BEGIN IMMEDIATE), so what the transaction reads next
    cannot change before it writes; on PostgreSQL row locks and conditional updates do that."""
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(text("BEGIN IMMEDIATE"))
