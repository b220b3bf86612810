"""B6 — sending when MAX misbehaves: replies after an outage, and the adaptive rate.

(a) Recovery. The real bot (build_app, long polling, the production limiter) against a fake
MAX that answers every POST /messages with 429 (no Retry-After) or 500 for `outage` seconds:
`people` people type /checklist meanwhile; each reply fails its quick retries in the handler
and waits in the outbox. When MAX recovers, the sender's retry loop (`Sender._retry_loop`,
no scheduler runs) delivers them: the figure is the time from the recovery to the last
reply's 200.

(b) The adaptive rate. For each limit (10, 20, 30 requests/s), `Sender.drain` sends a wave
through the real client and limiter (out_rps=30, MAX's documented limit, as the ceiling) to a
fake that answers 429 *without* Retry-After above that limit in any one second. Figures: the
messages delivered a second as a share of the limit, and the share of requests refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import time_machine
from sqlalchemy import func, select

from bench._common import Figure, Workspace
from bench._fake import FakeMax, FaultInjector, RateEnforcer
from bot.app import build_app
from bot.clock import utcnow
from bot.config import Settings
from bot.max.ratelimit import MAX_API_RPS
from bot.vocab import Role
from storage.db import create_sessionmaker, open_database
from storage.models import Outbox
from storage.repo import schedule

GOAL_RECOVERY = 10.0  # seconds from MAX's recovery to the last reply delivered
GOAL_SHARE = 0.9  # of the limit
GOAL_429 = 0.01  # of the requests
LIMITS = (10, 20, 30)
FIRST_WAVE_USER = 9_500_000


async def _unsent_replies(app) -> int:
    async with app.sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(Outbox)
                .where(Outbox.kind == "reply", Outbox.sent_at.is_(None))
            )
            or 0
        )


async def recovery(ws: Workspace, people: int, outage: float) -> dict[str, float]:
    region = await ws.region(3)
    chosen = [p for p in region.people if p.role == Role.TEACHER][:people]
    async with FakeMax() as fake:
        users = [fake.user(p.max_user_id, p.name.split()[1]) for p in chosen]
        settings = Settings(
            _env_file=None, max_bot_token=fake.token, max_api_url=fake.url,
            database_url=region.url, log_level="ERROR",
        )  # fmt: skip
        with time_machine.travel(region.report_now, tick=True):
            app = await build_app(settings)
            task = asyncio.create_task(app.dp.start_polling(app.bot))
            try:
                await fake.wait_polling()
                chaos = fake.chaos = FaultInjector(
                    seed=ws.seed, rate=1.0, kinds=("429", "500"), paths=("/messages",),
                    retry_after=None,
                )  # fmt: skip
                down = time.monotonic()
                for user in users:
                    await user.send("/checklist", wait=False)
                await fake.wait_processed(timeout=60 + 5 * people)
                waiting = await _unsent_replies(app)
                await asyncio.sleep(max(0.0, outage - (time.monotonic() - down)))
                chaos.enabled = False
                recovered = time.monotonic()
                for _ in range(2400):  # at most 2 minutes
                    if not await _unsent_replies(app):
                        break
                    await asyncio.sleep(0.05)
                left = await _unsent_replies(app)
            finally:
                await app.dp.stop_polling()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await app.close()
        ids = {str(u.user_id) for u in users}
        delivered = [
            r.time
            for r in fake.find_requests("POST", "/messages")
            if r.status == 200 and r.query.get("user_id") in ids and r.time >= recovered
        ]
        return {
            "waiting": waiting,
            "left": left,
            "faults": sum(chaos.injected.values()),
            "seconds": (max(delivered) - recovered) if delivered else float("nan"),
            "outage": recovered - down,
        }


async def wave(ws: Workspace, limit: int, seconds: float) -> dict[str, float]:
    """`limit × seconds` messages to as many people, drained against a fake that allows
    `limit` requests a second and answers 429 without Retry-After above it."""
    count = int(limit * seconds)
    path = ws.path(f"b6-wave-{limit}.sqlite3")
    path.unlink(missing_ok=True)
    url = f"sqlite+aiosqlite:///{path}"
    now = utcnow()
    async with open_database(url) as engine, create_sessionmaker(engine)() as session:
        rows = [
            dict(key=f"wave:{n}", kind="test", person_id=None, user_id=FIRST_WAVE_USER + n,
                 chat_id=None, text=f"Сообщение {n}", buttons=[], next_attempt_at=now)
            for n in range(count)
        ]  # fmt: skip
        await schedule.enqueue_many(session, rows)
        await session.commit()
    async with FakeMax() as fake:
        enforcer = fake.rate_limit = RateEnforcer(limit=limit, window=1.0, retry_after=None)
        for n in range(count):
            fake.user(FIRST_WAVE_USER + n, "Сотрудник")
        settings = Settings(
            _env_file=None, max_bot_token=fake.token, max_api_url=fake.url,
            database_url=url, out_rps=MAX_API_RPS, log_level="ERROR",
        )  # fmt: skip
        app = await build_app(settings)
        try:
            started = time.perf_counter()
            sent = await app.sender.drain(app.sessionmaker)
            spent = time.perf_counter() - started
        finally:
            await app.close()
        requests = len(enforcer.counted)
        return {
            "sent": sent,
            "count": count,
            "seconds": spent,
            "share": sent / spent / limit if spent else 0.0,
            "refused": enforcer.rejected / requests if requests else 0.0,
            "429": enforcer.rejected,
            "requests": requests,
        }


async def run(
    ws: Workspace, *, people: int = 5, outage: float = 20.0, seconds: float = 40.0
) -> list[Figure]:
    got = await recovery(ws, people, outage)
    ok = got["left"] == 0 and got["seconds"] <= GOAL_RECOVERY
    figures = [
        Figure("B6", f"replies to {people} people after a {got['outage']:.0f} s outage: "
               "recovery to the last delivered", got["seconds"], "s", f"≤ {GOAL_RECOVERY:g} s",
               ok, digits=1,
               note=f"{int(got['waiting'])} replies waited; {int(got['faults'])} requests "
                    f"answered 429 or 500 meanwhile; {int(got['left'])} still unsent; no "
                    "scheduler tick (the sender's retry loop)"),
    ]  # fmt: skip
    for limit in LIMITS:
        w = await wave(ws, limit, seconds)
        figures += [
            Figure("B6", f"a wave of {w['count']} at a limit of {limit}/s without "
                   "Retry-After: achieved", 100 * w["share"], "%", f"≥ {GOAL_SHARE:.0%}",
                   w["share"] >= GOAL_SHARE and w["sent"] == w["count"], digits=1,
                   note=f"{int(w['sent'])} sent in {w['seconds']:.1f} s = "
                        f"{w['sent'] / w['seconds']:.1f}/s; out_rps={MAX_API_RPS}, the "
                        "limiter learns the limit from the 429s"),
            Figure("B6", f"  429 answers at a limit of {limit}/s", 100 * w["refused"], "%",
                   f"≤ {GOAL_429:.0%}", w["refused"] <= GOAL_429, digits=2,
                   note=f"{int(w['429'])} of {int(w['requests'])} requests"),
        ]  # fmt: skip
    return figures
