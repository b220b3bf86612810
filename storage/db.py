"""Engine, sessions and migrations. SQLite gets WAL, a busy timeout, foreign keys and
secure_delete.

`open_database(url)` is the one way a command opens the database: engine, migrate, dispose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

import migrations

SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_engine(database_url: str) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True)


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
    """`SELECT 1`; raises if the database cannot be reached (a health check)."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
