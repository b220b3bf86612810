"""`python -m bot run` as a process against the fake MAX API: SIGKILL mid-walk loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from bot import texts
from tests.conftest import ROOT, cli_env


async def start_bot_process(settings, fake) -> asyncio.subprocess.Process:
    polls_before = len(fake.find_requests("GET", "/updates"))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=ROOT, env={**os.environ, **cli_env(settings)},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    for _ in range(400):
        if len(fake.find_requests("GET", "/updates")) > polls_before:
            return proc
        if proc.returncode is not None:
            raise AssertionError((await proc.stderr.read()).decode())
        await asyncio.sleep(0.05)
    proc.kill()
    raise AssertionError("the bot process never polled")


async def test_sigkill_during_walk_then_restart(fake, world, settings):
    proc = await start_bot_process(settings, fake)
    try:
        user = fake.user(5001, "Тамара")
        await user.start(world.codes["teacher"])
        for _ in range(3):
            await user.press(texts.BTN_DONE)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        proc = await start_bot_process(settings, fake)
        await user.send("/checklist")
        assert "Сделано: 3" in user.last_bot_message().text
        await user.press(texts.BTN_CONTINUE)
        assert "Пункт 4 из" in user.last_bot_message().text
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()
