"""The composition root: database, MAX client, dispatcher, routers, middlewares, scheduler;
running the bot.

This is the only module in `bot/` that imports `handlers` (the routers and the context
middleware): everything else in `bot/` is below the handlers and must not depend on them.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from maxapi import Bot, Dispatcher
from maxapi.client.default import DefaultConnectionProperties
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.config import Settings
from bot.jobs.lease import Lease
from bot.jobs.scheduler import Ticker, start_scheduler
from bot.max.polling import MarkerStore, PersistentMarkerBot, registered_in
from bot.max.ratelimit import RateLimiter
from bot.max.sender import Sender
from bot.services import chats
from handlers import get_routers
from handlers.middlewares import ContextMiddleware
from storage.db import create_engine, create_sessionmaker, migrate

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = 40  # seconds; long polling asks MAX for 30 s at most


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker
    bot: Bot
    dp: Dispatcher
    sender: Sender
    ticker: Ticker
    scheduler: AsyncIOScheduler | None = None

    def start_scheduler(self) -> None:
        self.scheduler = start_scheduler(self.ticker, self.settings.scheduler_tick_seconds)

    async def close(self) -> None:
        """Stop the scheduler (waiting for a tick in progress), then close connections."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.pause()  # no new runs; shutdown would cancel one in progress
            self.ticker.stopping = True
            async with (
                self.ticker.running,
                self.ticker.refreshing,
                self.ticker.renewing,
            ):  # what runs finishes first
                self.scheduler.shutdown(wait=False)
        await self.sender.close()  # the replies' retry loop
        if self.ticker.lease is not None:
            await self.ticker.lease.release()
        await self.bot.close_session()
        await self.engine.dispose()


def make_bot(settings: Settings) -> PersistentMarkerBot:
    if not settings.max_bot_token:
        raise SystemExit("MAX_BOT_TOKEN is not set (see .env.example)")
    # maxapi's own retries are off (max_retries=0): it would resend a message after a 5xx or
    # a dropped connection even if MAX had stored it; bot.max.sender retries, checking first.
    traces = []
    if settings.out_rps > 0:
        limiter = RateLimiter(
            settings.out_rps, chat_rate=settings.chat_rps, chat_burst=settings.chat_burst
        )
        traces.append(limiter.trace_config())
    connection = DefaultConnectionProperties(
        timeout=REQUEST_TIMEOUT, max_retries=0, trace_configs=traces
    )
    # auto_requests=False: no extra GET /chats/{id} per update (it counts against 30 rps).
    bot = PersistentMarkerBot(
        settings.max_bot_token, auto_requests=False, default_connection=connection
    )
    bot.set_api_url(settings.max_api_url)
    return bot


async def build_app(settings: Settings) -> App:
    engine = create_engine(settings.database_url)
    await migrate(engine)
    sessionmaker = create_sessionmaker(engine)
    bot = make_bot(settings)
    bot.marker_store = MarkerStore(sessionmaker)
    bot.registered = registered_in(sessionmaker)
    bot.rights_changed = chats.rights_changed_in(sessionmaker)
    marker = await bot.marker_store.load()
    if marker is not None:  # none stored: maxapi's default (no marker) stays
        bot.set_marker_updates(marker)
    sender = Sender.from_settings(bot, settings)
    dp = Dispatcher()
    dp.register_outer_middleware(ContextMiddleware(sessionmaker, sender, settings.policy()))
    dp.include_routers(*get_routers())
    ticker = Ticker(
        sessionmaker,
        sender,
        settings.policy(),
        Lease(sessionmaker),
        retention=settings.retention(),
        refresh_rps=settings.chat_refresh_rps,
    )
    return App(settings, engine, sessionmaker, bot, dp, sender, ticker)


async def run_polling(settings: Settings) -> None:
    """Poll until SIGTERM/SIGINT; then stop intake, let handlers and sends finish, close."""
    app = await build_app(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(app.dp.stop_polling()))
    log.info("bot starting (long polling) against %s", settings.max_api_url)
    app.start_scheduler()
    try:
        await app.dp.start_polling(app.bot)
    finally:
        log.info("shutting down")
        await app.close()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
