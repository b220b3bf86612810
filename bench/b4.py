"""B4 — footprint: start-up time to the first handled update, and idle memory, on SQLite.

`python -m bot run` is started as an operator would start it (a new process, settings from the
environment) against the fake MAX API served by this process, over a migrated SQLite file
with one school and an invite. A person presses «Start» on the invite link before the process
starts; the time is from launching the process until the fake receives the bot's reply
(imports, settings, database check, first poll, handling, the reply). After `idle` more seconds
the process's resident memory is read (VmRSS; VmHWM is its peak), then it gets SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import time
from pathlib import Path

from bench._common import Figure, Workspace, peak_rss_mb, rss_mb
from bench._fake import FakeMax
from bot.clock import utcnow
from bot.services import setup
from bot.vocab import Kind, Role
from storage.db import create_sessionmaker, open_database

ROOT = Path(__file__).resolve().parents[1]
USER_ID = 7_000_001


async def _prepare(path: Path) -> str:
    """A migrated database with an authority, a school and a teacher's invite; the code."""
    async with (
        open_database(f"sqlite+aiosqlite:///{path}") as engine,
        create_sessionmaker(engine)() as session,
    ):
        now = utcnow()
        authority = await setup.add_authority(
            session, name="УО (замер)", tz="Europe/Moscow", plan_toml=None, now=now
        )
        school = await setup.add_school(
            session, authority_id=authority, name="МАОУ СОШ №1", kind=Kind.SCHOOL,
            tz="Europe/Moscow", staff=50, students=500, now=now,
        )  # fmt: skip
        invite = await setup.create_invite(session, now=now, school_id=school, role=Role.TEACHER)
        await session.commit()
        return invite.code


async def start_once(folder: Path, n: int, idle: float) -> dict[str, float]:
    db = folder / f"footprint-{n}.sqlite3"
    db.unlink(missing_ok=True)
    code = await _prepare(db)
    async with FakeMax() as fake:
        user = fake.user(USER_ID, "Анна")
        await user.start(code, wait=False)  # waiting for the bot before it runs
        env = {
            **os.environ,
            "MAX_BOT_TOKEN": fake.token,
            "MAX_API_URL": fake.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        started = time.monotonic()  # the fake stamps requests with time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = started + 60
            while not fake.find_requests("POST", "/messages"):
                if proc.returncode is not None or time.monotonic() > deadline:
                    err = (await proc.stderr.read()).decode() if proc.stderr else ""
                    raise RuntimeError(f"the bot did not answer the first update:\n{err}")
                await asyncio.sleep(0.005)
            startup = fake.find_requests("POST", "/messages")[0].time - started
            await asyncio.sleep(idle)
            idle_rss, peak = rss_mb(proc.pid), peak_rss_mb(proc.pid)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        return {"startup": startup, "idle": idle_rss, "peak": peak, "exit": proc.returncode}


async def run(ws: Workspace, *, starts: int = 3, idle: float = 3.0) -> list[Figure]:
    runs = [await start_once(ws.folder, n, idle) for n in range(starts)]
    startup = statistics.median(r["startup"] for r in runs)
    rss = statistics.median(r["idle"] for r in runs)
    peak = max(r["peak"] for r in runs)
    exits = sorted({int(r["exit"]) for r in runs})
    each = ", ".join(f"{r['startup']:.2f}" for r in runs)
    return [
        Figure("B4", "start-up to the first handled update", startup, "s", digits=2,
               note=f"median of {starts} starts of `python -m bot run` "
                    f"({each} s); exit codes "
                    f"after SIGTERM: {exits}"),
        Figure("B4", f"idle memory ({idle:g} s after the first update)", rss, "MB", digits=0,
               note=f"VmRSS of the bot process; its peak so far (VmHWM) {peak:.0f} MB"),
    ]  # fmt: skip
