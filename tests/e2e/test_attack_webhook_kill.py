"""`python -m bot run --webhook` as a process, killed with SIGKILL right after MAX got its 200:
what was accepted is in the inbox and handled after the restart, once. MAX never resends what
it got a 200 for, so this is the whole of "nothing is lost" in webhook mode."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time

import aiohttp
import pytest

from bot.max.webhook import SECRET_HEADER
from tests.support.cli import cli_env
from tests.support.paths import ROOT
from tests.support.webhook import PATH, SECRET, built, wait_until

pytestmark = pytest.mark.wall_clock  # the bot runs as its own process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start_webhook_process(settings, port: int) -> asyncio.subprocess.Process:
    env = {
        **os.environ, **cli_env(settings), "WEBHOOK_SECRET": SECRET, "WEBHOOK_PATH": PATH,
        "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port),
        # A killed process's replies in the outbox are sent by the next tick.
        "CLAIM_LEASE_SECONDS": "1", "SCHEDULER_TICK_SECONDS": "5",
    }  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--webhook", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise AssertionError((await proc.stderr.read()).decode())
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return proc
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    proc.kill()
    raise AssertionError("the webhook process did not start")


async def sigkill(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL)
    await proc.wait()


async def sigterm(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            await proc.wait()


@pytest.mark.parametrize("delay_ms", [0, 5, 20])
async def test_sigkill_right_after_the_200_loses_nothing(fake, world, settings, delay_ms):
    people = [fake.user(8000 + n, f"Учитель {n}") for n in range(40)]
    updates = [await built(fake, p.start(world.codes["teacher"], wait=False)) for p in people]
    port = free_port()
    proc = await start_webhook_process(settings, port)
    try:
        async with aiohttp.ClientSession() as http:
            for update in updates:
                headers = {SECRET_HEADER: SECRET}
                async with http.post(
                    f"http://127.0.0.1:{port}{PATH}", json=update, headers=headers
                ) as response:
                    assert response.status == 200
        await asyncio.sleep(delay_ms / 1000)
        await sigkill(proc)
        greeted = sum(1 for p in people if p.bot_texts())
        assert greeted < len(people), "the kill came after everything was handled"
        proc = await start_webhook_process(settings, port)
        # A reply the killed process was sending waits for its lease and the next tick.
        await wait_until(lambda: all(greeted_once(p) is not None for p in people), 60)
        await asyncio.sleep(0.3)
    finally:
        await sigterm(proc)
    # Each accepted update handled exactly once: one greeting each, nobody greeted twice.
    for p in people:
        assert greeted_once(p), (p.user_id, p.bot_texts())


def greeted_once(person) -> bool | None:
    """True for one greeting, False for more, None for none yet."""
    greetings = [t for t in person.bot_texts() if t and t.startswith("Здравствуйте")]
    return None if not greetings else len(greetings) == 1
