"""Shared fixtures: a real SQLite file, the fake MAX API, and the real bot polling it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from bot.app import App, build_app
from bot.clock import utcnow
from bot.config import Settings
from bot.emulator import Contract, FakeMax
from bot.services import setup
from storage.db import create_engine, create_sessionmaker, migrate

ROOT = Path(__file__).resolve().parents[1]


POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")  # set by scripts/with-postgres.sh


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database per test: a SQLite file, or a new PostgreSQL database when
    TEST_POSTGRES_URL points at a server (the suite's second pass)."""
    if not POSTGRES_URL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    server = make_url(POSTGRES_URL)
    name = f"test_{uuid.uuid4().hex[:16]}"
    dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    async with FakeMax(contract=Contract.load(), poll_timeout=0.5) as server:
        yield server
    assert not server.contract_problems, "\n".join(server.contract_problems)


@pytest.fixture
def settings(fake: FakeMax, db_url: str) -> Settings:
    return Settings(
        _env_file=None,
        max_bot_token=fake.token,
        max_api_url=fake.url,
        database_url=db_url,
        bot_username=fake.bot_user["username"],
        out_rps=0,  # the rate limiter has tests of its own; the rest run at loopback speed
        send_backoff=0.01,
        messages_retention_days=3650,  # month-long simulations count what was sent
    )


class RunningBot:
    """The real bot (maxapi Dispatcher, long polling) against the fake; can be restarted."""

    def __init__(self, settings: Settings, fake: FakeMax) -> None:
        self.settings, self.fake = settings, fake
        self.app: App | None = None
        self.task: asyncio.Task | None = None

    async def start(self) -> App:
        self.app = await build_app(self.settings)
        self.task = asyncio.create_task(self.app.dp.start_polling(self.app.bot))
        await self.fake.wait_polling()
        return self.app

    async def stop(self) -> None:
        if self.app is None:
            return
        await self.app.dp.stop_polling()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self.app.close()
        self.app = self.task = None

    async def kill(self) -> None:
        """Stop abruptly: cancel the polling task without a graceful shutdown."""
        assert self.task is not None and self.app is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.app.close()
        self.app = self.task = None


@pytest.fixture
async def bot(settings: Settings, fake: FakeMax) -> AsyncIterator[RunningBot]:
    running = RunningBot(settings, fake)
    await running.start()
    yield running
    await running.stop()


@dataclass
class World:
    """A set-up region: ids and invite codes created through the same service as the CLI."""

    authority_id: int
    school_id: int  # an ОУ
    preschool_id: int  # a ДОУ
    codes: dict[str, str]


async def make_invite(settings: Settings, **kwargs: object) -> str:
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        async with create_sessionmaker(engine)() as session:
            invite = await setup.create_invite(session, now=utcnow(), **kwargs)
            await session.commit()
            return invite.code
    finally:
        await engine.dispose()


@pytest.fixture
async def world(settings: Settings) -> World:
    engine = create_engine(settings.database_url)
    await migrate(engine)
    now = utcnow()
    async with create_sessionmaker(engine)() as session:
        authority_id = await setup.add_authority(
            session, name="УО Княжпогостский", tz="Europe/Moscow", plan_toml=None, now=now
        )
        school_id = await setup.add_school(
            session,
            authority_id=authority_id,
            name="МАОУ СОШ №24",
            kind="school",
            tz="Europe/Moscow",
            staff=40,
            students=400,
            now=now,
        )
        preschool_id = await setup.add_school(
            session,
            authority_id=authority_id,
            name="МБДОУ Детский сад №3",
            kind="preschool",
            tz="Asia/Yekaterinburg",
            staff=20,
            students=120,
            now=now,
        )
        codes = {}
        for key, kw in {
            "teacher": dict(school_id=school_id, role="teacher"),
            "staff": dict(school_id=school_id, role="staff"),
            "class_teacher": dict(school_id=school_id, role="class_teacher", class_label="5А"),
            "admin": dict(school_id=school_id, role="admin"),
            "dou_class_teacher": dict(
                school_id=preschool_id, role="class_teacher", class_label="Ромашка"
            ),
            "dou_admin": dict(school_id=preschool_id, role="admin"),
            "authority": dict(authority_id=authority_id, role="authority"),
        }.items():
            codes[key] = (await setup.create_invite(session, now=now, **kw)).code
        await session.commit()
    await engine.dispose()
    return World(authority_id, school_id, preschool_id, codes)


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def last_line(self) -> str:
        return self.stdout.strip().splitlines()[-1]


async def run_cli(*args: str, env: dict[str, str], check: bool = True) -> CliResult:
    """Run `python -m bot ...` in a subprocess, as an operator would (the loop keeps serving)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    result = CliResult(proc.returncode or 0, out.decode(), err.decode())
    if check and result.returncode != 0:
        raise AssertionError(f"CLI failed: {args}\n{result.stdout}\n{result.stderr}")
    return result


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "MAX_BOT_TOKEN": settings.max_bot_token,
        "MAX_API_URL": settings.max_api_url,
        "DATABASE_URL": settings.database_url,
        "BOT_USERNAME": "",
        "LOG_LEVEL": "WARNING",
    }


WEEKDAY_NOON_MSK = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)  # Tuesday, 12:00 in Moscow


@pytest.fixture
def weekday_noon():
    """Run at a fixed working-day noon (Moscow), so quiet hours and Sundays never interfere."""
    with time_machine.travel(WEEKDAY_NOON_MSK, tick=True):
        yield WEEKDAY_NOON_MSK


# The demo (bot.demo): the emulator, the real bot and the seeded schools on a free port.
DEMO_START = datetime(2026, 1, 11, 9, 0, tzinfo=UTC)  # Sunday 12:00 in Moscow: nobody is messaged


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Any]:
    from bot import clock
    from bot.demo.server import Demo

    running = Demo(
        Settings(_env_file=None, send_backoff=0.01),
        db_path=tmp_path / "demo.sqlite3",
        port=0,
        start_at=DEMO_START,
    )
    try:
        await running.start()
        yield running
    finally:
        await running.stop()
    assert clock.offset() == timedelta(0)  # the demo's clock control is undone
