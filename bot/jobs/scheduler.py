"""The scheduler: one short periodic tick (APScheduler 3.x) that plans due work and drains the
outbox. What is due is decided by services over the database, never by the scheduler itself."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utcnow
from bot.config import default
from bot.jobs.lease import RENEW_EVERY, Lease
from bot.max.chats import chat_facts, chat_members
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services.announce import report_finished_waves
from bot.services.chats import forget_unread_members, refresh_chat
from bot.services.digest import plan_authority_digest, plan_digests
from bot.services.duties import plan_duty_reminders
from bot.services.export import plan_monthly_report
from bot.services.privacy import apply_retention
from bot.services.reminders import plan_day
from bot.services.rollover import plan_rollover_reminders
from storage.models import School
from storage.repo import chats as chats_repo
from storage.repo import orgs, state

log = logging.getLogger(__name__)

# plan_day / plan_digests: (session, schools, now, policy) -> messages queued
Planner = Callable[[AsyncSession, Sequence[School], datetime, Policy], Awaitable[int]]

REFRESH_EVERY = timedelta(minutes=1)  # how often the class chats' queue is looked at

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
        refresh_rps: float = default("chat_refresh_rps"),
    ) -> None:
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.policy = policy
        self.lease = lease
        self.retention = retention  # days: screenshots, sent messages
        self.refresh_rps = refresh_rps  # class chats read a second, at most
        self.running = asyncio.Lock()  # held while a tick runs (shutdown waits for it)
        self.refreshing = asyncio.Lock()  # held while class chats are read
        self.renewing = asyncio.Lock()  # held while the lease is renewed
        self.stopping = False  # set on shutdown: the chats' queue stops between two chats

    async def renew(self, now: datetime | None = None) -> bool:
        return self.lease is None or await self.lease.acquire(now or utcnow())

    async def renew_job(self) -> bool:
        """The scheduled lease renewal: never behind a tick (a long drain must not let the
        lease lapse and hand the scheduler to another process mid-tick); under `renewing`,
        so shutdown can wait for it."""
        async with self.renewing:
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
                async with self.sessionmaker() as session:
                    await plan_monthly_report(session, authority, now, self.policy)
                async with self.sessionmaker() as session:
                    await plan_duty_reminders(session, authority, now, self.policy)
            except Exception:
                log.exception("planning failed for authority %s", authority.id)
        async with self.sessionmaker() as session:
            await state.forget_processed(session, now - PROCESSED_UPDATES_KEPT)
            await apply_retention(session, now, *self.retention)
            await forget_unread_members(session, now)
            await session.commit()
        sent = await self.sender.drain(self.sessionmaker, now)
        async with self.sessionmaker() as session:
            reports = await report_finished_waves(session, now)
            await session.commit()
        if reports:
            sent += await self.sender.drain(self.sessionmaker, now, kind="announcement")
        return sent

    async def refresh_chats_if_leader(self) -> int:
        """The scheduled low-priority job: the lease holder reads the class chats that are due."""
        if not await self.renew():
            return 0
        return await self.refresh_chats()

    async def refresh_chats(self, now: datetime | None = None, limit: int | None = None) -> int:
        """Read the class chats that are due (their rights, and members where the bot is an
        administrator) — oldest first, at most `refresh_rps` chats a second and, by default,
        a minute's worth a run — apart from the tick, so replies and reminders never wait
        for it. Returns chats read."""
        if self.refreshing.locked():
            return 0
        async with self.refreshing:
            now = now or utcnow()
            limit = limit or max(1, int(self.refresh_rps * REFRESH_EVERY.total_seconds()))
            async with self.sessionmaker() as session:
                due = [c.id for c in await chats_repo.due_for_refresh(session, now, limit)]
            bot = self.sender.bot
            for n, row_id in enumerate(due):
                if n:
                    await asyncio.sleep(1 / self.refresh_rps)
                if self.stopping:
                    return n
                try:
                    await self._refresh_one(bot, row_id)
                except Exception:
                    log.exception("class chat %s: refresh failed", row_id)
            return len(due)

    async def _refresh_one(self, bot: Any, row_id: int) -> None:
        async with self.sessionmaker() as session:
            chat = await chats_repo.get_chat(session, row_id)
            if chat is None or chat.removed_at is not None:
                return
            chat_id, channel = chat.chat_id, chat.channel
        facts = await chat_facts(bot, chat_id)
        # a channel's subscribers are nobody's figure: never read
        members = await chat_members(bot, chat_id) if facts.bot_admin and not channel else None
        async with self.sessionmaker() as session:
            chat = await chats_repo.get_chat(session, row_id)
            if chat is None or chat.removed_at is not None:
                return
            await refresh_chat(session, chat, facts, members, utcnow(), self.policy)
            await session.commit()

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
    """Start the periodic tick on the running event loop (first run immediately), the lease
    renewal that decides which process runs it, and the class chats' queue."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs: list[tuple[str, Callable[[], Awaitable[object]], float, dict[str, Any]]] = [
        ("lease", ticker.renew_job, RENEW_EVERY.total_seconds(), {}),
        ("tick", ticker.tick_if_leader, every_seconds,
         {"next_run_time": datetime.now(UTC), "misfire_grace_time": every_seconds}),
        # the class chats' low-priority queue, apart from the tick (see Ticker.refresh_chats)
        ("chats", ticker.refresh_chats_if_leader, REFRESH_EVERY.total_seconds(), {}),
    ]  # fmt: skip
    for job_id, job, seconds, extra in jobs:
        scheduler.add_job(
            job, IntervalTrigger(seconds=seconds), id=job_id, max_instances=1, coalesce=True,
            **extra,
        )  # fmt: skip
    scheduler.start()
    return scheduler
