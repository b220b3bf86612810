"""B2 — weekly reporting at scale: every school's digest (figures, text and chart), the
authority's XLSX export and the authority's digest.

The timed run is a separate process (`python -m bench.b2 measure DB`), so its peak memory
(VmHWM: the whole process's peak resident size, interpreter and libraries included) is the
reporting's alone. The SQL statements are counted (a `before_cursor_execute` listener) on
regions of `small` and of `schools` schools, for the bulk path and, for comparison, for the
per-school `school_digest` the bot's /digest command calls; the chart is left out of the
counting runs (it issues no SQL and takes most of the time).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench._common import Figure, Workspace, count_statements, peak_rss_mb, rss_mb
from bench._region import Region
from bot.services import digest as digest_service
from bot.services.digest import authority_digest, school_digest, school_digests
from bot.services.export import export_authority
from storage.db import create_sessionmaker, open_database
from storage.models import Authority, School

GOAL_SECONDS = 5.0
GOAL_MB = 300.0
ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def timed_charts() -> Iterator[list[float]]:
    """Time spent drawing charts inside the digests (the real chart, timed)."""
    spent: list[float] = []
    real = digest_service.completion_chart

    def chart(*args: Any) -> bytes:
        started = time.perf_counter()
        try:
            return real(*args)
        finally:
            spent.append(time.perf_counter() - started)

    digest_service.completion_chart = chart
    try:
        yield spent
    finally:
        digest_service.completion_chart = real


@contextlib.contextmanager
def no_charts() -> Iterator[None]:
    real = digest_service.completion_chart
    digest_service.completion_chart = lambda *args: b""
    try:
        yield
    finally:
        digest_service.completion_chart = real


async def _load(session: Any, authority_id: int) -> tuple[Authority, list[School]]:
    authority = await session.get(Authority, authority_id)
    schools = list(
        await session.scalars(
            select(School).where(School.authority_id == authority_id).order_by(School.id)
        )
    )
    return authority, schools


async def reporting(session: Any, authority_id: int, now: datetime) -> dict[str, float]:
    """The weekly reporting, timed in parts: every school's digest (bulk), the export, the
    authority's digest. Returns seconds per part."""
    authority, schools = await _load(session, authority_id)
    parts: dict[str, float] = {}
    started = time.perf_counter()
    digests = await school_digests(session, schools, now)
    parts["digests"] = time.perf_counter() - started
    mark = time.perf_counter()
    export = await export_authority(session, authority, now, actor="cli")
    parts["export"] = time.perf_counter() - mark
    mark = time.perf_counter()
    summary = await authority_digest(session, authority, now)
    parts["authority digest"] = time.perf_counter() - mark
    await session.commit()  # the export's audit row
    parts["total"] = time.perf_counter() - started
    assert len(digests) == len(schools) and export.schools == len(schools) and summary
    parts["xlsx bytes"] = len(export.data)
    return parts


async def count_sql(region: Region, per_school: bool) -> int:
    """Statements issued by the reporting (charts left out): the bulk path, or the per-school
    `school_digest` for every school plus the same export and authority digest."""
    async with open_database(region.url, upgrade=False) as engine:
        async with create_sessionmaker(engine)() as session:
            authority, schools = await _load(session, region.authority_id)
            now = region.report_now
            with no_charts(), count_statements(engine) as counter:
                if per_school:
                    for school in schools:
                        await school_digest(session, school, now)
                else:
                    await school_digests(session, schools, now)
                await export_authority(session, authority, now, actor="cli")
                await authority_digest(session, authority, now)
                await session.commit()
            return counter.count


async def measure(db: Path, authority_id: int, now: datetime) -> dict[str, float]:
    """In a fresh process: the reporting over the region in `db`, with its memory."""
    async with open_database(f"sqlite+aiosqlite:///{db}", upgrade=False) as engine:
        async with create_sessionmaker(engine)() as session:
            await session.execute(select(School.id).limit(1))  # connected, schema loaded
            before = rss_mb()
            with timed_charts() as charts:
                parts = await reporting(session, authority_id, now)
            parts["charts"] = sum(charts)
            parts["chart count"] = len(charts)
            parts["rss before MB"] = before
            parts["peak rss MB"] = peak_rss_mb()
            return parts


def _child(region: Region) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "bench.b2", "measure", str(region.path),
         str(region.authority_id), region.report_now.isoformat()],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"bench.b2 measure failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


async def run(ws: Workspace, *, schools: int = 500, small: int = 50) -> list[Figure]:
    big = await ws.region(schools)
    people = len(big.people)
    parts = await asyncio.to_thread(_child, big)
    counts: dict[tuple[int, bool], int] = {}
    for n in (small, schools):
        region = big if n == schools else await ws.region(n)
        for per_school in (False, True):
            counts[(n, per_school)] = await count_sql(region, per_school)
    bulk_small, bulk_big = counts[(small, False)], counts[(schools, False)]
    per_small, per_big = counts[(small, True)], counts[(schools, True)]
    total = parts["total"]
    return [
        Figure("B2", f"reporting, {schools} schools / {people} staff: wall time", total, "s",
               f"≤ {GOAL_SECONDS:g} s", total <= GOAL_SECONDS,
               note=(f"digests {parts['digests']:.1f} s (of which {int(parts['chart count'])} "
                     f"charts {parts['charts']:.1f} s), XLSX export {parts['export']:.1f} s "
                     f"({parts['xlsx bytes'] / 1024:.0f} KiB), authority digest "
                     f"{parts['authority digest']:.1f} s")),
        Figure("B2", "  of it: figures and texts (no charts)", total - parts["charts"], "s",
               digits=2),
        Figure("B2", "reporting: peak memory (process RSS)", parts["peak rss MB"], "MB",
               f"≤ {GOAL_MB:g} MB", parts["peak rss MB"] <= GOAL_MB, digits=0,
               note=f"VmHWM of the reporting process; {parts['rss before MB']:.0f} MB "
                    "before the run (interpreter, libraries, DB connection)"),
        Figure("B2", f"SQL statements, {small} schools", bulk_small, "", digits=0),
        Figure("B2", f"SQL statements, {schools} schools", bulk_big, "",
               "same as for fewer schools", bulk_big <= bulk_small, digits=0,
               note="school_digests (bulk) + export + authority digest"),
        Figure("B2", f"  per-school school_digest: {small} → {schools} schools", per_big, "",
               digits=0, note=f"{per_small} statements at {small} schools, {per_big} at "
                              f"{schools}: the /digest command's path, one school at a time"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.b2")
    parser.add_argument("mode", choices=["measure"])
    parser.add_argument("db", type=Path)
    parser.add_argument("authority", type=int)
    parser.add_argument("now")
    args = parser.parse_args()
    parts = asyncio.run(measure(args.db, args.authority, datetime.fromisoformat(args.now)))
    print(json.dumps(parts))


if __name__ == "__main__":
    main()
