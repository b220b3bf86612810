"""The scheduler: one short periodic tick (APScheduler 3.x) that plans due work and drains the
outbox. What is due is decided by services over the database, never by the scheduler itself."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import utcnow
from bot.lease import RENEW_EVERY, Lease
from bot.rules.schedule import Policy
from bot.sender import Sender
from bot.services.announce import report_finished_waves
from bot.services.digest import plan_authority_digest, plan_school_digest
from bot.services.privacy import apply_retention
from bot.services.reminders import plan_school_day
from storage.models import Authority, School
from storage.repo import state

log = logging.getLogger(__name__)

# MAX keeps undelivered updates for 24 hours; remember handled ones a little longer.
PROCESSED_UPDATES_KEPT = timedelta(days=2)


class Ticker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker,
        sender: Sender,
        policy: Policy,
        lease: Lease | None = None,
        retention: tuple[int, int] = (90, 30),
    ) -> None:
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.policy = policy
        self.lease = lease
        self.retention = retention  # days: screenshots, sent messages
        self.running = asyncio.Lock()  # held while a tick runs (shutdown waits for it)

    async def renew(self, now: datetime | None = None) -> bool:
        return self.lease is None or await self.lease.acquire(now or utcnow())

    async def renew_job(self) -> bool:
        """The scheduled lease renewal (under `running`, so shutdown can wait for it)."""
        async with self.running:
            return await self.renew()

    async def tick_if_leader(self) -> int:
        """The scheduled job: the process holding the scheduler lease plans and sends; the
        others only deliver replies left in the outbox (say, by a process that died)."""
        now = utcnow()
        async with self.running:
            if not await self.renew(now):
                return await self.sender.drain(self.sessionmaker, now, kind="reply")
            return await self.tick(now)

    async def tick(self, now: datetime | None = None) -> int:
        """Plan what is due for every school and authority, then send. Returns messages sent.

        Each school is planned in its own transaction: a crash mid-tick keeps what was planned
        and leaves the rest for the next tick.
        """
        now = now or utcnow()
        async with self.sessionmaker() as session:
            school_ids = list(await session.scalars(select(School.id).order_by(School.id)))
            authority_ids = list(await session.scalars(select(Authority.id).order_by(Authority.id)))
        for school_id in school_ids:
            try:
                async with self.sessionmaker() as session:
                    school = await session.get(School, school_id)
                    await plan_school_day(session, school, now, self.policy)
                    await plan_school_digest(session, school, now, self.policy)
            except Exception:
                log.exception("planning failed for school %s", school_id)
        for authority_id in authority_ids:
            try:
                async with self.sessionmaker() as session:
                    authority = await session.get(Authority, authority_id)
                    await plan_authority_digest(session, authority, now, self.policy)
            except Exception:
                log.exception("planning failed for authority %s", authority_id)
        async with self.sessionmaker() as session:
            await state.forget_processed(session, now - PROCESSED_UPDATES_KEPT)
            await apply_retention(session, now, *self.retention)
            await session.commit()
        sent = await self.sender.drain(self.sessionmaker, now)
        async with self.sessionmaker() as session:
            reports = await report_finished_waves(session, now)
            await session.commit()
        if reports:
            sent += await self.sender.drain(self.sessionmaker, now, kind="announcement")
        return sent


def start_scheduler(ticker: Ticker, every_seconds: int) -> AsyncIOScheduler:
    """Start the periodic tick on the running event loop (first run immediately), and the
    lease renewal that decides which process runs it."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        ticker.renew_job,
        IntervalTrigger(seconds=RENEW_EVERY.total_seconds()),
        id="lease",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        ticker.tick_if_leader,
        IntervalTrigger(seconds=every_seconds),
        id="tick",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
        misfire_grace_time=every_seconds,
    )
    scheduler.start()
    return scheduler
