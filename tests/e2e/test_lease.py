"""One scheduler across processes (a lease row), and a graceful shutdown on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta

import pytest

from bot.jobs.lease import LEASE_TTL, Lease
from storage.db import create_engine, create_sessionmaker, migrate
from tests.support.cli import cli_env
from tests.support.paths import ROOT

pytestmark = pytest.mark.wall_clock  # the bot runs as its own process

T0 = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)


async def test_only_one_process_holds_the_lease_and_another_takes_over(settings):
    engines = [create_engine(settings.database_url) for _ in range(2)]
    await migrate(engines[0])
    first = Lease(create_sessionmaker(engines[0]), owner="A")
    second = Lease(create_sessionmaker(engines[1]), owner="B")
    try:
        assert await first.acquire(T0)
        assert not await second.acquire(T0 + timedelta(seconds=1))
        assert await first.acquire(T0 + timedelta(seconds=15))  # renewal
        assert not await second.acquire(T0 + LEASE_TTL)  # still renewed by A
        # A dies (no more renewals): B takes over once the lease has expired.
        assert await second.acquire(T0 + timedelta(seconds=15) + LEASE_TTL + timedelta(seconds=1))
        assert not await first.acquire(T0 + timedelta(seconds=70))
        # A clean release lets the other process take it at once.
        await second.release()
        assert await first.acquire(T0 + timedelta(seconds=71))
    finally:
        for engine in engines:
            await engine.dispose()


async def test_two_bots_tick_but_only_the_leader_works(bot, fake, world, settings):
    from tests.support.running import RunningBot

    other = RunningBot(settings, fake)
    await other.start()
    try:
        leader, standby = bot.app.ticker, other.app.ticker
        assert await leader.renew()
        assert not await standby.renew()
        assert await standby.tick_if_leader() == 0  # nothing done by the standby
    finally:
        await other.stop()


async def test_the_lease_is_renewed_while_a_long_tick_runs(bot, fake, world, settings):
    """A tick draining a long wave holds `running`; the renewal does not wait for it, so the
    lease never lapses mid-tick and no other process takes the scheduler over."""
    ticker = bot.app.ticker
    assert await ticker.renew()
    async with ticker.running:  # a tick in progress
        renewal = asyncio.create_task(ticker.renew_job())
        done, _ = await asyncio.wait({renewal}, timeout=5)
        assert renewal in done, "the renewal waited for the tick"
        assert renewal.result() is True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_signal_stops_the_bot_gracefully_with_exit_code_0(fake, world, settings, sig):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=ROOT, env={**os.environ, **cli_env(settings)},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    user = fake.user(9901, "Анна")
    for _ in range(400):
        if fake.find_requests("GET", "/updates"):
            break
        await asyncio.sleep(0.05)
    await user.start(world.codes["teacher"])
    assert "Пункт 1 из" in user.bot_texts()[-1]
    proc.send_signal(sig)
    code = await asyncio.wait_for(proc.wait(), 15)
    stderr = (await proc.stderr.read()).decode()
    assert code == 0, stderr
    assert "Traceback" not in stderr
