"""The outgoing rate limiter against the emulator: a 429 from MAX, and the real bot draining a
wave against a fake MAX that enforces 30 requests per second (the token buckets on a fake clock
are in tests/unit/test_ratelimit.py)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from maxapi import Bot
from maxapi.client.default import DefaultConnectionProperties
from sqlalchemy import select

from bot.clock import utcnow
from bot.emulator.faults import FaultInjector, RateEnforcer
from bot.max.ratelimit import (
    MAX_API_RPS,
    RateLimiter,
)
from bot.max.sender import Sender
from bot.services.outbox import queue
from storage.models import Outbox
from tests.support.people import join_many
from tests.support.running import RunningBot


async def test_a_429_from_max_pauses_the_client_and_the_send_is_retried(fake):
    """Through aiohttp trace hooks: the 429's Retry-After holds the next request back."""
    user = fake.user(4001, "Анна")
    limiter = RateLimiter(25)
    bot = Bot(
        fake.token,
        auto_requests=False,
        default_connection=DefaultConnectionProperties(trace_configs=[limiter.trace_config()]),
    )
    bot.set_api_url(fake.url)
    fake.chaos = FaultInjector(seed=1, rate=1.0, kinds=("429",), retry_after="0.5", budget=1)
    try:
        sender = Sender(bot, retries=3, backoff=0.01)
        await sender.send(user.user_id, "Привет")
    finally:
        await bot.close_session()
    posts = fake.find_requests("POST", "/messages")
    assert [r.status for r in posts] == [429, 200]
    assert posts[1].time - posts[0].time >= 0.45  # Retry-After, not the 0.01 s backoff
    assert limiter.throttled_429 == 1
    assert user.bot_texts() == ["Привет"]


@pytest.fixture(params=[25, MAX_API_RPS], ids=lambda rps: f"{rps}rps")
async def limited_bot(request, settings, fake) -> AsyncIterator[RunningBot]:
    """The bot with its production limiter (the default 25 requests/s and the highest
    setting, 30), 1 message/s to one chat after a burst of 3."""
    rates = {"out_rps": request.param, "chat_rps": 1.0, "chat_burst": 3}
    running = RunningBot(settings.model_copy(update=rates), fake)
    await running.start()
    yield running
    await running.stop()


async def test_a_wave_of_300_stays_under_30_per_second(limited_bot, fake, world):
    enforcer = fake.rate_limit = RateEnforcer(limit=MAX_API_RPS, window=1.0)
    app = limited_bot.app
    user_ids = list(range(20_001, 20_301))
    people = await join_many(app.sessionmaker, fake, world.codes["teacher"], user_ids)
    now = utcnow()
    async with app.sessionmaker() as session:
        for uid, person in people.items():
            await queue(session, key=f"wave:{uid}", kind="test", to=person,
                        text=f"Волна {uid}", not_before=now)  # fmt: skip
        one = people[user_ids[0]]
        for n in range(5):  # five more to ONE person, queued last
            await queue(session, key=f"one:{n}", kind="test", to=one, text=f"Подряд {n}",
                        not_before=now)  # fmt: skip
        await session.commit()

    assert await app.sender.drain(app.sessionmaker) == 305

    assert enforcer.rejected == 0, f"{enforcer.rejected} requests got 429"
    assert enforcer.busiest_window() <= MAX_API_RPS
    posts = [r for r in fake.find_requests("POST", "/messages") if r.status == 200]
    delivered = Counter(m["body"]["text"] for uid in user_ids for m in fake.bot_messages(uid))
    assert all(delivered[f"Волна {uid}"] == 1 for uid in user_ids)
    assert [delivered[f"Подряд {n}"] for n in range(5)] == [1] * 5
    wave = [r.time for r in posts if r.json["text"].startswith("Волна")]
    rate = (len(wave) - 1) / (wave[-1] - wave[0])
    assert 20 <= rate <= 30, f"{rate:.1f} messages/s"
    # One chat: three at once, then about one a second.
    one_chat = [r.time for r in posts if r.json["text"].startswith("Подряд")]
    gaps = [b - a for a, b in itertools.pairwise(one_chat)]
    assert max(gaps[:2]) < 0.5 and min(gaps[2:]) >= 0.8, gaps
    async with app.sessionmaker() as session:
        pending = await session.scalar(select(Outbox.id).where(Outbox.sent_at.is_(None)))
    assert pending is None
