"""`python -m bot run` as a process against the fake MAX API: SIGKILL loses nothing and
sends nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from bot.ui.texts import checklist as checklist_texts
from tests.support.cli import cli_env
from tests.support.paths import ROOT

pytestmark = pytest.mark.wall_clock  # the bot runs as its own process

# A killed process's unconfirmed sends are reconciled after the claim lease, by the tick.
FAST_RECOVERY = {"CLAIM_LEASE_SECONDS": "1", "SCHEDULER_TICK_SECONDS": "5"}


def marked_polls(fake) -> int:
    """Polls that acknowledge a marker (the bot stores it before each such poll)."""
    return sum("marker" in r.query for r in fake.find_requests("GET", "/updates"))


async def start_bot_process(settings, fake) -> asyncio.subprocess.Process:
    """Start the bot and wait until it polls with a stored marker: from then on nothing
    that reaches MAX is lost (MAX gives a bot without a marker only the latest update)."""
    before = marked_polls(fake)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=ROOT, env={**os.environ, **cli_env(settings), **FAST_RECOVERY},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    for _ in range(600):
        if marked_polls(fake) > before:
            return proc
        if proc.returncode is not None:
            raise AssertionError((await proc.stderr.read()).decode())
        await asyncio.sleep(0.05)
    proc.kill()
    raise AssertionError("the bot process never polled with a marker")


async def stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def kill(proc: asyncio.subprocess.Process) -> None:
    proc.send_signal(signal.SIGKILL)
    await proc.wait()


async def test_sigkill_during_walk_then_restart(fake, world, settings):
    proc = await start_bot_process(settings, fake)
    try:
        user = fake.user(5001, "Тамара")
        await user.start(world.codes["teacher"])
        for _ in range(3):
            await user.press(checklist_texts.BTN_DONE)
        await kill(proc)
        proc = await start_bot_process(settings, fake)
        await user.send("/checklist")
        assert "Сделано: 3" in user.last_bot_message().text
        await user.press(checklist_texts.BTN_CONTINUE)
        assert "Пункт 4 из" in user.last_bot_message().text
    finally:
        await stop(proc)


async def test_updates_sent_while_the_bot_was_down_are_all_handled(fake, world, settings):
    proc = await start_bot_process(settings, fake)
    users = [fake.user(5100 + n, f"Учитель {n}") for n in range(5)]
    try:
        await users[0].start(world.codes["teacher"])
        await kill(proc)
        for user in users[1:]:  # MAX keeps these while the bot is down
            await user.start(world.codes["teacher"], wait=False)
        proc = await start_bot_process(settings, fake)
        await fake.wait_processed(timeout=10)
        for user in users:
            greetings = [t for t in user.bot_texts() if t.startswith("Здравствуйте")]
            assert len(greetings) == 1, user.info
    finally:
        await stop(proc)


async def test_sigkill_in_the_middle_of_a_batch_loses_nothing_sends_nothing_twice(
    fake, world, settings
):
    proc = await start_bot_process(settings, fake)
    users = [fake.user(5200 + n, f"Учитель {n}") for n in range(40)]
    try:
        for user in users:  # one batch of 40 updates
            await user.start(world.codes["teacher"], wait=False)
        while sum(bool(u.bot_texts()) for u in users) < 10:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        await kill(proc)
        assert sum(bool(u.bot_texts()) for u in users) < len(users), "the batch was over"
        proc = await start_bot_process(settings, fake)
        await fake.wait_processed(timeout=20)
        for _ in range(300):  # replies left in the outbox go out with the next ticks
            if all(len(u.bot_texts()) >= 2 for u in users):
                break
            await asyncio.sleep(0.05)
        for user in users:
            texts_ = user.bot_texts()
            greetings = [t for t in texts_ if t.startswith(("Здравствуйте", "С возвращением"))]
            cards = [t for t in texts_ if t.startswith("<b>Пункт 1 из")]
            assert (len(greetings), len(cards)) == (1, 1), (user.info, texts_)
    finally:
        await stop(proc)
