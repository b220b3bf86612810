"""The scheduler: one short periodic tick (APScheduler 3.x) that plans due work and drains the
outbox. What is due is decided by services over the database, never by the scheduler itself."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utcnow
from bot.config import default
from bot.jobs.lease import RENEW_EVERY, Lease
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services.announce import report_finished_waves
from bot.services.digest import plan_authority_digest, plan_digests
from bot.services.privacy import apply_retention
from bot.services.reminders import plan_day
from bot.services.rollover import plan_rollover_reminders
from storage.models import School
from storage.repo import orgs, state

log = logging.getLogger(__name__)

# plan_day / plan_digests: (session, schools, now, policy) -> messages queued
Planner = Callable[[AsyncSession, Sequence[School], datetime, Policy], Awaitable[int]]

# MAX keeps undelivered updates for 24 hours; remember handled ones a little longer.
PROCESSED_UPDATES_KEPT = timedelta(days=2)


class Ticker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker,
        sender: Sender,
        policy: Policy,
        lease: Lease | None = None,
        retention: tuple[int, int] = (
            default("evidence_retention_days"),
            default("messages_retention_days"),
        ),
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

        Schools are planned in bulk (a few queries and one transaction per chunk of schools);
        a crash mid-tick keeps the chunks planned and leaves the rest for the next tick. Should
        the bulk planning fail, the schools are planned in smaller groups down to one, so that
        one school's problem does not hold back the others.
        """
        now = now or utcnow()
        async with self.sessionmaker() as session:
            schools = await orgs.all_schools(session)
            authorities = await orgs.all_authorities(session)
        await self._plan_schools(plan_day, schools, now)
        await self._plan_schools(plan_digests, schools, now)
        await self._plan_schools(plan_rollover_reminders, schools, now)
        for authority in authorities:
            try:
                async with self.sessionmaker() as session:
                    await plan_authority_digest(session, authority, now, self.policy)
            except Exception:
                log.exception("planning failed for authority %s", authority.id)
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

    async def _plan_schools(self, planner: Planner, schools: list[School], now: datetime) -> None:
        """`planner` over `schools` in bulk. If that fails, the list is halved until the
        schools that fail are alone (a dozen calls for one bad school among 500, most of them
        finding their schools already planned), so that the others are planned all the same."""
        try:
            async with self.sessionmaker() as session:
                await planner(session, schools, now, self.policy)
        except (OperationalError, InterfaceError):  # the database itself: try again next tick
            log.exception("planning (%s) failed: the database is unavailable", planner.__name__)
        except Exception:
            if len(schools) == 1:
                log.exception("planning (%s) failed for school %s", planner.__name__, schools[0].id)
                return
            half = len(schools) // 2
            await self._plan_schools(planner, schools[:half], now)
            await self._plan_schools(planner, schools[half:], now)


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
