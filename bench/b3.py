"""B3 — the reminder wave: planning one daily tick for a whole region, and sending reminders
through the outbox at MAX's rate limit.

Planning runs at each school's local TICK_AT (10:05) on the region's day, on fresh copies of
the region: once as the scheduler does it (`plan_day` over the schools, bulk queries; one call
per time zone, when its schools' 10:05 has come), and once school by school (`plan_day` for
one school per transaction: the worst case of the scheduler's fallback, which halves the
schools down to the ones that fail).
Sending: `send` of the planned reminders stay due, and `Sender.drain` delivers them through
the real client and rate limiter (make_bot with `out_rps`) to a fake MAX API that answers 429
above `limit` requests in any one second.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import time_machine
from sqlalchemy import select, update

from bench._common import Figure, Workspace
from bench._fake import FakeMax, RateEnforcer
from bench._region import TICK_AT, Region, local_moment
from bot.app import build_app
from bot.config import Settings
from bot.services.reminders import PLAN_CHUNK, plan_day
from storage.db import create_sessionmaker, open_database
from storage.models import Outbox, School

DAYTIME = clock_time(7, 0)  # UTC: between 08:00 and 20:00 in every zone of the region
GOAL_PLAN_SECONDS = 2.0
GOAL_RATE_SHARE = 0.9
MAX_RPS = 30  # MAX's documented limit per bot
LATER = datetime(2100, 1, 1, tzinfo=UTC)
WESTERNMOST = "Europe/Kaliningrad"  # of the region's zones (bench/_region.py ZONES)


async def plan_per_school(region: Region, settings: Settings) -> tuple[float, int]:
    """`plan_day` for one school at a time, each in its own session (the fallback's worst case).
    Run it again on the same region for a tick with nothing left to plan."""
    async with open_database(region.url, upgrade=False) as engine:
        sessionmaker = create_sessionmaker(engine)
        policy = settings.policy()
        by_id = {s.id: s for s in region.schools}
        queued = 0
        async with sessionmaker() as session:
            ids = list(await session.scalars(select(School.id).order_by(School.id)))
        started = time.perf_counter()
        for school_id in ids:
            async with sessionmaker() as session:
                school = await session.get(School, school_id)
                queued += await plan_day(
                    session, [school], region.tick_now(by_id[school_id]), policy
                )
        return time.perf_counter() - started, queued


async def plan_bulk(region: Region, settings: Settings, by_zone: bool) -> tuple[float, int]:
    """As the scheduler plans: `plan_day` over the schools whose reminder time has come.

    `by_zone=False`: one tick for everyone — at 10:05 in Kaliningrad, the westernmost zone,
    when every zone's 10:05 has passed and none has reached its quiet hours (as the first tick
    after a restart or an outage). `by_zone=True`: the day as it runs, one tick per time zone
    at its 10:05 (the ticks in between find nothing to plan). Run it again on the same region
    for a tick with nothing left to plan."""
    async with open_database(region.url, upgrade=False) as engine:
        sessionmaker = create_sessionmaker(engine)
        policy = settings.policy()
        queued = 0
        started = time.perf_counter()
        async with sessionmaker() as session:
            schools = list(await session.scalars(select(School).order_by(School.id)))
        if not by_zone:
            async with sessionmaker() as session:
                now = local_moment(region.day, TICK_AT, WESTERNMOST)
                queued = await plan_day(session, schools, now, policy)
            return time.perf_counter() - started, queued
        zones: dict[str, list[School]] = defaultdict(list)
        for school in schools:
            zones[school.tz].append(school)
        for tz, group in zones.items():
            async with sessionmaker() as session:
                now = local_moment(region.day, TICK_AT, tz)
                queued += await plan_day(session, group, now, policy)
        return time.perf_counter() - started, queued


async def keep_due(region: Region, count: int) -> list[int]:
    """Leave only the first `count` unsent reminders due (the rest wait for another day);
    returns the MAX user ids they go to."""
    async with open_database(region.url, upgrade=False) as engine:
        async with engine.begin() as conn:
            first = (
                select(Outbox.id)
                .where(Outbox.sent_at.is_(None), Outbox.kind == "reminder")
                .order_by(Outbox.next_attempt_at, Outbox.id)
                .limit(count)
                .scalar_subquery()
            )
            recipients = list(
                await conn.scalars(select(Outbox.user_id).where(Outbox.id.in_(first)))
            )
            await conn.execute(
                update(Outbox)
                .where(Outbox.sent_at.is_(None), Outbox.id.not_in(first))
                .values(next_attempt_at=LATER)
            )
            return recipients


async def send_wave(
    region: Region, user_ids: list[int], rps: float, limit: int
) -> dict[str, float]:
    """Drain the due outbox through the real Sender and rate limiter to a rate-limited fake."""
    async with FakeMax() as fake:
        fake.rate_limit = RateEnforcer(limit=limit, window=1.0)
        for user_id in user_ids:
            fake.user(user_id, "Сотрудник")
        settings = Settings(
            _env_file=None,
            max_bot_token=fake.token,
            max_api_url=fake.url,
            database_url=region.url,
            out_rps=rps,
            log_level="WARNING",
        )
        app = await build_app(settings)  # make_bot(settings): the client with the limiter
        try:
            started = time.perf_counter()
            # 07:00 UTC: daytime in all nine zones (Kaliningrad 09:00 … Vladivostok 17:00), so
            # no reminder is held for the end of its zone's quiet hours.
            with time_machine.travel(datetime.combine(region.day, DAYTIME, UTC), tick=True):
                sent = await app.sender.drain(app.sessionmaker)
            seconds = time.perf_counter() - started
        finally:
            await app.close()
        posts = [r for r in fake.requests if r.method == "POST" and r.path == "/messages"]
        span = posts[-1].time - posts[0].time if len(posts) > 1 else 0.0
        return {
            "sent": sent,
            "seconds": seconds,
            "rate": sent / seconds if seconds else 0.0,
            "steady rate": (len(posts) - 1) / span if span else 0.0,
            "429": fake.rate_limit.rejected,
            "busiest": fake.rate_limit.busiest_window(),
        }


async def run(
    ws: Workspace, *, schools: int = 500, send: int = 2000, rps: float = 25, limit: int = MAX_RPS
) -> list[Figure]:
    settings = Settings(_env_file=None, max_bot_token="-", out_rps=rps)
    first = await ws.region(schools)
    people = len(first.people)
    per_school_s, per_school_n = await plan_per_school(first, settings)
    idle_per_school_s, again = await plan_per_school(first, settings)
    zoned = await ws.region(schools)
    zoned_s, zoned_n = await plan_bulk(zoned, settings, by_zone=True)
    bulk = await ws.region(schools)
    bulk_s, bulk_n = await plan_bulk(bulk, settings, by_zone=False)
    idle_bulk_s, again_bulk = await plan_bulk(bulk, settings, by_zone=False)
    # The same rules, the same wave, however the schools are split; the day's markers hold.
    assert per_school_n == bulk_n == zoned_n, (per_school_n, bulk_n, zoned_n)
    assert again == again_bulk == 0
    recipients = await keep_due(bulk, send)
    due = len(recipients)
    wave = await send_wave(bulk, recipients, rps, limit)
    share = wave["rate"] / rps
    whole_wave = timedelta(seconds=round(bulk_n / rps))
    return [
        Figure("B3", f"planning one tick for {people} people (plan_day)", bulk_s, "s",
               f"≤ {GOAL_PLAN_SECONDS:g} s", bulk_s <= GOAL_PLAN_SECONDS, digits=2,
               note=f"{bulk_n} messages queued (reminders and escalations) for every school "
                    f"at once, {PLAN_CHUNK} schools per transaction: the first tick after a "
                    "restart, or a region in one time zone"),
        Figure("B3", "  the same day, one tick per time zone (plan_day × zones)", zoned_s, "s",
               digits=2, note="the steady state: each zone's schools are planned at their "
                              "10:05; the sum over the nine zones"),
        Figure("B3", f"  the same, school by school (plan_day × {schools})", per_school_s, "s",
               digits=2, note="one school per transaction: the worst case of the scheduler's "
                              "fallback if the bulk planning fails"),
        Figure("B3", "planning again, nothing left to plan (plan_day)", idle_bulk_s, "s",
               digits=3, note=f"school by school: {idle_per_school_s:.2f} s; the "
                              "scheduler ticks every minute"),
        Figure("B3", f"sending {due} reminders at out_rps={rps:g}: achieved rate", wave["rate"],
               "msg/s", f"≥ {GOAL_RATE_SHARE:.0%} of {rps:g}", share >= GOAL_RATE_SHARE
               and wave["sent"] == due, digits=1,
               note=f"{int(wave['sent'])} sent in {wave['seconds']:.1f} s ({share:.0%} of "
                    f"out_rps; {wave['steady rate']:.1f}/s first to last request); busiest "
                    f"second at the fake: {int(wave['busiest'])} requests; the whole wave of "
                    f"{bulk_n} takes {whole_wave} at this rate"),
        Figure("B3", f"429 answers from the fake (limit {limit}/s)", wave["429"], "", "0",
               wave["429"] == 0, digits=0),
    ]  # fmt: skip
