"""A tiny run of every benchmark (bench/), so that they keep working; and the bulk paths they
measure agree with the one-school-at-a-time paths the bot used before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bench import b1, b2, b3, b4, b5, b6
from bench.__main__ import main as bench_main
from bench._common import Figure, Workspace, table
from bench._region import PLAN, Region
from bot.config import Settings
from bot.plan import builtin_plan
from bot.rules.checklist import states_for
from bot.rules.progress import ItemFigures, Member, SchoolProgress, school_progress
from bot.rules.schedule import is_paused
from bot.rules.verify import CHECKABLE
from bot.services.digest import school_digest, school_digests
from bot.vocab import Status
from storage.db import create_engine, create_sessionmaker
from storage.models import Outbox, School

SCHOOLS = 3  # 50 staff each on average


@pytest.fixture
async def ws(tmp_path: Path) -> AsyncIterator[Workspace]:
    workspace = Workspace(tmp_path, seed=3)
    yield workspace
    workspace.close()


def _check(figures: list[Figure], bench: str) -> None:
    assert figures and all(f.bench == bench for f in figures)
    assert all(f.value is not None for f in figures), table(figures)
    assert bench in table(figures) and "| Benchmark |" in table(figures, markdown=True)


async def test_region_is_realistic(ws: Workspace) -> None:
    region = await ws.region(SCHOOLS)
    assert len(region.schools) == SCHOOLS and len(region.people) == 50 * SCHOOLS
    statuses = {s for p in region.people for s in p.answers.values()}
    assert statuses == {"done", "help", "na"}
    assert sum(not p.answers for p in region.people) > 0  # some have not started
    for table_name in ("answer", "help_request", "kpi_entry", "reminder_log", "outbox"):
        assert region.rows[table_name] > 0, table_name


async def test_b1_throughput(ws: Workspace) -> None:
    figures = await b1.run(ws, presses=30, users=10, schools=SCHOOLS)
    _check(figures, "B1")
    ours = figures[0]
    assert "30 answers recorded, 0 refused" in ours.note  # every press was valid


async def test_b2_reporting(ws: Workspace) -> None:
    figures = await b2.run(ws, schools=SCHOOLS, small=2)
    _check(figures, "B2")
    counts = {f.name: f.value for f in figures if f.name.startswith("SQL statements")}
    assert len(set(counts.values())) == 1, counts  # no statement per school


async def test_bulk_digests_equal_one_by_one(ws: Workspace) -> None:
    region = await ws.region(SCHOOLS)
    engine = create_engine(region.url)
    try:
        async with create_sessionmaker(engine)() as session:
            schools = list(await session.scalars(select(School).order_by(School.id)))
            with b2.no_charts():
                bulk = await school_digests(session, schools, region.report_now)
                for school in schools:
                    one = await school_digest(session, school, region.report_now)
                    assert bulk[school.id] == one
    finally:
        await engine.dispose()


async def _outbox(region: Region) -> list[tuple]:
    engine = create_engine(region.url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(Outbox.key, Outbox.kind, Outbox.person_id, Outbox.text, Outbox.buttons)
                .where(Outbox.sent_at.is_(None))
                .order_by(Outbox.key)
            )
            return [tuple(r) for r in rows]
    finally:
        await engine.dispose()


async def test_b3_planning_paths_queue_the_same_messages(ws: Workspace) -> None:
    """School by school, one tick per zone, one tick for all: the same rows in the outbox."""
    settings = Settings(_env_file=None, max_bot_token="-")
    one_by_one, zoned, bulk = [await ws.region(SCHOOLS) for _ in range(3)]
    _, queued = await b3.plan_per_school(one_by_one, settings)
    _, queued_zoned = await b3.plan_bulk(zoned, settings, by_zone=True)
    _, queued_bulk = await b3.plan_bulk(bulk, settings, by_zone=False)
    assert queued == queued_zoned == queued_bulk > 0
    assert await _outbox(one_by_one) == await _outbox(zoned) == await _outbox(bulk)
    _, again = await b3.plan_bulk(bulk, settings, by_zone=False)  # the markers hold
    assert again == 0


async def test_b3_wave(ws: Workspace) -> None:
    figures = await b3.run(ws, schools=SCHOOLS, send=12, rps=25)
    _check(figures, "B3")
    assert figures[-1].value == 0  # no 429


async def test_b4_footprint(ws: Workspace) -> None:
    figures = await b4.run(ws, starts=1, idle=0.2)
    _check(figures, "B4")
    assert figures[0].value < 30 and figures[1].value > 10


def test_command_line_runs_one_benchmark(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = bench_main(["b3", "--schools", "2", "--send", "5", "--workdir", str(tmp_path),
                       "--json", str(tmp_path / "figures.json")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Machine:" in out and "B3" in out and "429 answers" in out
    assert (tmp_path / "figures.json").read_text().count('"bench": "B3"') == 6


def _reference_progress(plan, kind, members, school_answers, today):
    """school_progress as first written (over each member's states), to compare with."""
    figures = {
        item.code: ItemFigures(
            item.code,
            item.worded(kind).title,
            item.deadline,
            item.scope == "school",
            item.evidence in CHECKABLE,
        )
        for item in plan.items
        if kind in item.kinds
    }
    overdue, finished = [], 0
    paused = [(m.name, m.paused_until) for m in members if is_paused(m.paused_until, today)]
    for member in members:
        states = states_for(plan, member.role, kind, member.answers, school_answers)
        late = [s.item.title for s in states if s.overdue(today)]
        if late:
            overdue.append((member.name, late))
        if all(s.closed for s in states):
            finished += 1
        for s in states:
            if s.item.scope == "school":
                continue
            f = figures[s.item.code]
            f.applicable += 1
            f.self_reported += int(s.status == Status.DONE)  # no verification in this region
            f.help += int(s.status == Status.HELP)
            f.na += int(s.status == Status.NA)
    for item in plan.school_items_for(kind):
        f = figures[item.code]
        status = school_answers.get(item.code)
        f.applicable = 1
        f.self_reported, f.help, f.na = (
            int(status == Status.DONE),
            int(status == Status.HELP),
            int(status == Status.NA),
        )
    used = [f for f in figures.values() if f.applicable]
    return SchoolProgress(used, len(members), finished, overdue, paused)


SOME_SCHOOL_ANSWERS = {"school_order": "done", "local_acts": "help", "site_info": "na"}


async def test_school_progress_matches_the_per_state_rule(ws: Workspace) -> None:
    region = await ws.region(SCHOOLS)
    plan = builtin_plan(PLAN)
    for school in region.schools:
        here = [p for p in region.people if p.school_id == school.id]
        members = [
            Member(p.id, p.name, p.role, p.answers, region.day if p.id % 10 == 0 else None)
            for p in here
        ]
        for school_answers in ({}, SOME_SCHOOL_ANSWERS):
            for days in (-40, 0, 10):
                today = region.day + timedelta(days=days)
                got = school_progress(plan, school.kind, members, school_answers, today)
                want = _reference_progress(plan, school.kind, members, school_answers, today)
                assert got == want


async def test_b5_class_chats_queue(ws: Workspace) -> None:
    figures = await b5.run(ws, chats=4, members=3)
    _check(figures, "B5")
    assert figures[1].value == 3.0  # the chat, the bot's rights, one page of members


async def test_b6_recovery_and_adaptive_rate(ws: Workspace) -> None:
    figures = await b6.run(ws, people=2, outage=2.0, seconds=2.0)
    _check(figures, "B6")
    assert "0 still unsent" in figures[0].note  # every waiting reply went out
    assert len(figures) == 1 + 2 * len(b6.LIMITS)
