"""End-to-end fixtures: the fake MAX API (the emulator), the real bot polling it, the set-up
region, school hours for every test (a fixed working-day noon for those that ask), and the
demo."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from bot.config import Settings
from bot.emulator import Contract, FakeMax
from tests.support.demo import DEMO_START
from tests.support.region import World, make_world
from tests.support.running import RunningBot
from tests.support.russian import agreement_problems


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    async with FakeMax(contract=Contract.load(), poll_timeout=0.5) as server:
        yield server
    assert not server.contract_problems, "\n".join(server.contract_problems)
    # Russian that reads right: every text the bot sent in the test, numbers agreeing.
    russian = sorted({p for text in sent_texts(server) for p in agreement_problems(text)})
    assert not russian, "\n".join(russian)


def sent_texts(server: FakeMax) -> list[str]:
    """The texts of every message, edit and callback answer the bot sent."""
    out = []
    for request in server.requests:
        body = request.json if isinstance(request.json, dict) else {}
        message = body.get("message") if isinstance(body.get("message"), dict) else body
        for text in (message.get("text"), body.get("notification")):
            if isinstance(text, str):
                out.append(text)
    return out


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


@pytest.fixture
async def bot(settings: Settings, fake: FakeMax) -> AsyncIterator[RunningBot]:
    running = RunningBot(settings, fake)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def world(settings: Settings) -> World:
    return await make_world(settings)


WEEKDAY_NOON_MSK = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)  # Tuesday, 12:00 in Moscow


def school_day_noon(now: datetime) -> datetime:
    """Noon in Moscow (09:00 UTC) of `now`'s day, or of the next Monday when that is a Sunday:
    never more than two days from the wall clock, which subprocesses in a test still see."""
    noon = now.astimezone(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    return noon + timedelta(days=1) if noon.isoweekday() == 7 else noon


@pytest.fixture(autouse=True)
def school_hours(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every end-to-end test runs in school hours unless it travels elsewhere itself: the bot
    keeps notices for the end of quiet hours and Sundays, so a test run at 22:00 or on a Sunday
    would otherwise see a different product than one run at noon.

    Tests marked `wall_clock` run the bot as a separate process against the in-test emulator:
    both must share one clock (a send is reconciled by the emulator's timestamps), so they
    keep the wall clock and only use replies, which quiet hours never hold back."""
    if request.node.get_closest_marker("wall_clock"):
        yield
        return
    with time_machine.travel(school_day_noon(datetime.now(UTC)), tick=True):
        yield


@pytest.fixture
def weekday_noon():
    """Run at a fixed working-day noon (Moscow), so quiet hours and Sundays never interfere."""
    with time_machine.travel(WEEKDAY_NOON_MSK, tick=True):
        yield WEEKDAY_NOON_MSK


# The demo (bot.demo): the emulator, the real bot and the seeded schools on a free port.


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
