"""The demo runner: the MAX emulator on 127.0.0.1, the real bot polling it, the demo region,
the scheduler, and the web chat (`python -m bot demo`).

Only the MAX side is emulated: the bot is built by `bot.app.build_app` and handles every
update with its real handlers, services and database (a SQLite file recreated at each start).
The emulated clock (`bot.clock.set_offset`) moves forward on request; the scheduler then
lives through the skipped time (see `tick_moments`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobEvent

from bot import clock
from bot.app import App, build_app
from bot.config import Settings
from bot.demo import seed, webchat
from bot.demo._emulator import FakeMax, FakeUser
from bot.demo.webchat import MAX_ADVANCE_DAYS
from bot.rules.schedule import Policy

log = logging.getLogger(__name__)

DEFAULT_DB_PATH = Path("data") / "demo.sqlite3"
DEFAULT_PORT = 8080
HOST = "127.0.0.1"
DEMO_TOKEN = "demo-token"
POLL_TIMEOUT = 2.0  # the emulator's long poll (seconds)
REQUESTS_KEPT = 500  # the emulator records every request; the demo keeps only the latest
JOBS_GRACE_SECONDS = 30.0  # how long stop() waits for a scheduled job in flight
QUIET_LOGGERS = ("dispatcher", "apscheduler", "alembic")  # at INFO: a line per update or job


@dataclass
class GroupChat:
    chat_id: int
    title: str
    added_by: int  # MAX user id of the persona who added the bot
    active: bool = True


def tick_moments(
    start: datetime, end: datetime, time_zones: Iterable[str], policy: Policy
) -> list[datetime]:
    """The moments strictly between `start` and `end` (UTC) when scheduled work falls due in
    any of `time_zones`: a minute after the end of quiet hours, the digest time and the reminder
    time of every local day. Ticking at these (and at `end`) replays what the every-minute
    scheduler would have done over the skipped time."""
    moments: set[datetime] = set()
    for tz in time_zones:
        zone = ZoneInfo(tz)
        day: date = start.astimezone(zone).date()
        last = end.astimezone(zone).date()
        while day <= last:
            for at in (policy.quiet_end, policy.digest_at, policy.remind_at):
                local = datetime.combine(day, at, zone) + timedelta(minutes=1)
                moment = local.astimezone(UTC)
                if start < moment < end:
                    moments.add(moment)
            day += timedelta(days=1)
    return sorted(moments)


DEMO_ZONE = ZoneInfo("Europe/Moscow")
SCHOOL_MORNING = time(9, 0)
SCHOOL_DAY_ENDS = time(16, 0)


def demo_start(now: datetime) -> datetime:
    """Where the demo's clock begins: `now` during a school day's hours in Moscow (Monday to
    Friday, 09:00–16:00), else the next school-day morning at 09:00 Moscow time. Help
    requests, screenshots and announcements go out at once then, never kept for the end of
    quiet hours or a Sunday, so every flow works on the first try."""
    local = now.astimezone(DEMO_ZONE)
    if local.isoweekday() <= 5 and SCHOOL_MORNING <= local.time() < SCHOOL_DAY_ENDS:
        return now
    day = local.date() + (timedelta(0) if local.time() < SCHOOL_MORNING else timedelta(days=1))
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return datetime.combine(day, SCHOOL_MORNING, DEMO_ZONE).astimezone(UTC)


class Demo:
    """Everything the demo runs; `start()` returns when the web chat is ready."""

    def __init__(
        self,
        settings: Settings,
        *,
        db_path: Path = DEFAULT_DB_PATH,
        port: int = DEFAULT_PORT,
        start_at: datetime | None = None,
    ) -> None:
        self.base_settings = settings
        self.db_path = db_path
        self.port = port
        # the emulated moment to begin at (default: `demo_start` of the wall clock)
        self.start_at = start_at
        self.fake: FakeMax | None = None
        self.app: App | None = None
        self.world: seed.DemoWorld | None = None
        self.chats: list[GroupChat] = []
        self.ready = False
        self._polling: asyncio.Task | None = None
        self._janitor: asyncio.Task | None = None
        self._web: web.AppRunner | None = None
        self._clock_lock = asyncio.Lock()
        self._jobs_running = 0
        self._jobs_idle = asyncio.Event()
        self._jobs_idle.set()
        self._stamps: dict[str, int] = {}  # mid -> emulated time (ms) when it was sent

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        # The web chat first: a busy port fails at once, and the page can say "starting".
        self._web = await webchat.start_site(self, HOST, self.port)
        self.port = self._web.addresses[0][1]
        wall = datetime.now(UTC)
        clock.set_offset((self.start_at or demo_start(wall)) - wall)
        self._fresh_database()
        self.fake = FakeMax(token=DEMO_TOKEN, poll_timeout=POLL_TIMEOUT)
        await self.fake.start()
        settings = self.base_settings.model_copy(
            update={
                "max_bot_token": self.fake.token,
                "max_api_url": self.fake.url,
                "database_url": f"sqlite+aiosqlite:///{self.db_path}",
                "bot_username": self.fake.bot_user["username"],
                "out_rps": 0,
                "webhook_secret": "",
            }
        )
        self.app = await build_app(settings)
        self._polling = asyncio.create_task(self.app.dp.start_polling(self.app.bot))
        await self.fake.wait_polling(timeout=15)
        self.world = await seed.create_world(self.app.sessionmaker, clock.utcnow())
        await seed.join_people(self.fake, self.world)
        await seed.parents_chat(self.fake, self.world, self.app.sessionmaker)
        self.app.start_scheduler()
        self._watch_jobs()
        self._janitor = asyncio.create_task(self._trim_requests())
        self.ready = True

    async def stop(self) -> None:
        self.ready = False
        if self._web is not None:
            await self._web.cleanup()
            self._web = None
        if self._janitor is not None:
            self._janitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._janitor
        if self.app is not None:
            await self._let_jobs_finish()
            await self.app.dp.stop_polling()
            if self._polling is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(self._polling, 5)
            await self.app.close()
            self.app = None
        if self.fake is not None:
            await self.fake.stop()
        clock.set_offset(timedelta(0))

    def _watch_jobs(self) -> None:
        """Count the scheduler's jobs in flight (no await since the scheduler started, so the
        first job cannot have been submitted yet)."""
        assert self.app is not None and self.app.scheduler is not None

        def count(event: JobEvent) -> None:
            self._jobs_running += 1 if event.code == EVENT_JOB_SUBMITTED else -1
            if self._jobs_running > 0:
                self._jobs_idle.clear()
            else:
                self._jobs_idle.set()

        self.app.scheduler.add_listener(
            count, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
        )

    async def _let_jobs_finish(self) -> None:
        """Pause the scheduler and wait for a tick or lease renewal in flight: shutting the
        scheduler down cancels running jobs, and a job cancelled in the middle of a SQLite call
        can hang the interpreter's exit."""
        scheduler = self.app.scheduler if self.app is not None else None
        if scheduler is None or not scheduler.running:
            return
        scheduler.pause()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._jobs_idle.wait(), JOBS_GRACE_SECONDS)

    def _fresh_database(self) -> None:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)

    async def _trim_requests(self) -> None:
        while True:
            await asyncio.sleep(60)
            if self.fake is not None and len(self.fake.requests) > REQUESTS_KEPT:
                del self.fake.requests[:-REQUESTS_KEPT]

    # people and chats --------------------------------------------------------------------

    def user(self, user_id: int) -> FakeUser | None:
        """The driver of a persona the visitor may act as (None for anyone else)."""
        assert self.world is not None
        if user_id not in self.world.personas:
            return None
        return self.world.users[user_id]

    def new_person(self) -> seed.Persona:
        assert self.fake is not None and self.world is not None
        return seed.add_new_person(self.fake, self.world)

    async def add_group_chat(self, title: str, user_id: int) -> GroupChat:
        """Create a group chat and have the persona add the bot to it (`bot_added`)."""
        assert self.fake is not None
        user = self.user(user_id)
        assert user is not None
        chat = GroupChat(self.fake.create_group_chat(title), title, user_id)
        self.chats.append(chat)
        await user.add_bot_to_chat(chat.chat_id)
        return chat

    async def remove_from_chat(self, chat: GroupChat) -> None:
        user = self.user(chat.added_by)
        assert user is not None
        chat.active = False
        await user.remove_bot_from_chat(chat.chat_id)

    # the emulated clock ------------------------------------------------------------------

    def sent_at(self, message: dict) -> int:
        """When a message was sent in emulated time (ms since the epoch)."""
        mid = message["body"]["mid"]
        if mid in self._stamps:
            return self._stamps[mid]
        return int(message["timestamp"] + clock.offset().total_seconds() * 1000)

    def _stamp_all(self) -> None:
        """Fix the emulated send time of every message so far (the offset is about to move)."""
        assert self.fake is not None and self.world is not None
        chat_ids = [u.chat_id for u in self.world.users.values()]
        chat_ids += [c.chat_id for c in self.chats]
        for chat_id in chat_ids:
            for message in self.fake.chat_messages(chat_id):
                mid = message["body"]["mid"]
                if mid not in self._stamps:
                    self._stamps[mid] = self.sent_at(message)

    async def advance(self, days: int) -> int:
        """Move the emulated clock `days` forward, ticking the scheduler at every moment work
        fell due on the way; returns the number of messages the scheduler sent."""
        if not 1 <= days <= MAX_ADVANCE_DAYS:
            raise ValueError(f"days must be 1..{MAX_ADVANCE_DAYS}")
        assert self.app is not None and self.world is not None
        ticker = self.app.ticker
        async with self._clock_lock, ticker.running:
            start = clock.utcnow()
            end = start + timedelta(days=days)
            moments = tick_moments(start, end, self.world.time_zones, ticker.policy)
            sent = 0
            for moment in [*moments, end]:
                self._stamp_all()
                clock.set_offset(moment - datetime.now(UTC))
                try:
                    sent += await ticker.tick(moment)
                except Exception:  # a failed tick must not stop the clock halfway
                    log.exception("scheduler tick at %s failed", moment.isoformat())
            if self.fake is not None:
                await seed.parents_join(self.fake, self.world, seed.PARENTS_A_DAY * days)
            return sent


BANNER = """
==============================================================================
  DEMO: the bot runs against a built-in MAX emulator (no MAX account, no token).

      Open the web chat:  {url}

  Это эмулятор MAX: сообщения никуда не уходят. Чтобы подключить настоящего
  бота, задайте MAX_BOT_TOKEN в .env и запустите make run.
  Demo clock: starts at {start} Moscow time (a school day, so nothing waits
  for the night or a Sunday); move it on with the page's buttons.
  Demo database: {db} (recreated at every start).  Stop: Ctrl+C
==============================================================================
"""


async def serve(
    settings: Settings, port: int = DEFAULT_PORT, db_path: Path = DEFAULT_DB_PATH
) -> int:
    """Run the demo until SIGINT/SIGTERM; returns the process exit code."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        for chatty in QUIET_LOGGERS:  # one line per update would bury the banner
            logging.getLogger(chatty).setLevel(logging.WARNING)
    demo = Demo(settings, db_path=db_path, port=port)
    try:
        try:
            await demo.start()
        except OSError as exc:
            print(f"error: cannot serve the demo on {HOST}:{port}: {exc}", file=sys.stderr)
            print("Choose another port: python -m bot demo --port 8081", file=sys.stderr)
            return 2
        start = clock.utcnow().astimezone(DEMO_ZONE).strftime("%a %d.%m.%Y %H:%M")
        print(BANNER.format(url=demo.url, db=db_path, start=start), flush=True)
        await stop.wait()
        print("stopping the demo", flush=True)
        return 0
    finally:
        await demo.stop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
