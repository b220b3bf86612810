"""The outgoing rate limiter on a fake clock: token buckets, the API-wide and per-chat limits,
the pause after a 429."""

from __future__ import annotations

import asyncio
import itertools
import time
from types import SimpleNamespace

import pytest

from bot.max import ratelimit
from bot.max.ratelimit import (
    DEFAULT_429_PAUSE,
    MAX_API_RPS,
    WINDOW,
    WINDOW_MARGIN,
    RateLimiter,
    TokenBucket,
    retry_after,
)


class FakeClock:
    """time.monotonic and asyncio.sleep for the limiter: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0) + self.late
        self.late = 0.0

    late = 0.0  # the next sleep wakes up this much later (a busy process)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake_clock = FakeClock()
    monkeypatch.setattr(ratelimit, "asyncio", SimpleNamespace(sleep=fake_clock.sleep))
    return fake_clock


def busiest_window(times: list[float], window: float = 1.0) -> int:
    """The most events within any half-open window (t - window, t]."""
    return max(sum(1 for s in times if t - window < s <= t) for t in times)


def test_bucket_gives_its_burst_then_one_token_per_interval(clock):
    bucket = TokenBucket(rate=10, capacity=3, clock=clock)
    assert [bucket.reserve() for _ in range(3)] == [0, 0, 0]
    # further tokens are borrowed from the future: the waits queue up
    assert bucket.reserve() == pytest.approx(0.1)
    assert bucket.reserve() == pytest.approx(0.2)
    clock.now += 0.2  # both borrowed tokens are now due
    assert bucket.reserve() == pytest.approx(0.1)
    clock.now += 10  # a long idle refills only up to the capacity
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0, 0, 0, 0.1])


async def test_limiter_holds_the_steady_rate_and_never_exceeds_the_api_limit(clock):
    limiter = RateLimiter(25, clock=clock)
    times = []
    for _ in range(200):
        await limiter.acquire()
        times.append(clock.now)
    start = times[0]
    burst = MAX_API_RPS - 25
    assert times[:burst] == [start] * burst  # the burst goes at once
    # then 25 a second: the last of 200 at (200 - burst) / 25 s
    assert times[-1] - start == pytest.approx((200 - burst) / 25)
    assert busiest_window(times, WINDOW + WINDOW_MARGIN) <= MAX_API_RPS
    assert limiter.requests == 200


async def test_at_the_full_api_rate_no_window_holds_more_than_the_limit(clock):
    """A token bucket alone lets capacity + rate = 31 requests through in a second at 30/s;
    the sliding window keeps every WINDOW + WINDOW_MARGIN to 30."""
    limiter = RateLimiter(MAX_API_RPS, clock=clock)
    times = []
    for _ in range(150):
        await limiter.acquire()
        times.append(clock.now)
    assert busiest_window(times, WINDOW + WINDOW_MARGIN) == MAX_API_RPS
    elapsed = times[-1] - times[0]
    assert MAX_API_RPS * 0.9 <= 149 / elapsed <= MAX_API_RPS  # still close to the limit


async def test_a_late_wake_up_does_not_let_the_next_requests_catch_up(clock):
    """The window counts from when a request really went, not from when it was planned."""
    limiter = RateLimiter(MAX_API_RPS, clock=clock)
    times = []
    for n in range(100):
        if n == 40:
            clock.late = 0.2
        await limiter.acquire()
        times.append(clock.now)
    assert busiest_window(times, WINDOW + WINDOW_MARGIN) <= MAX_API_RPS


async def test_concurrent_callers_share_the_limit():
    """The scheduler's drain and the handlers' callback answers acquire at the same time."""
    limiter = RateLimiter(MAX_API_RPS)
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        times.append(time.monotonic())

    await asyncio.gather(*(one() for _ in range(45)))
    times.sort()
    assert busiest_window(times, WINDOW + WINDOW_MARGIN - 0.02) <= MAX_API_RPS


@pytest.mark.parametrize("rate", [0, -1, MAX_API_RPS + 1])
def test_limiter_refuses_a_rate_above_the_api_limit(rate):
    with pytest.raises(ValueError):
        RateLimiter(rate)


async def test_one_chat_gets_its_burst_then_about_one_message_a_second(clock):
    limiter = RateLimiter(25, chat_rate=1.0, chat_burst=3, clock=clock)
    times = []
    for _ in range(5):
        await limiter.acquire("111")
        times.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[:2] == [0, 0]  # a reply of three messages is not delayed
    assert gaps[2:] == pytest.approx([1.0, 1.0])
    before = clock.now
    await limiter.acquire("222")  # another chat is not held back by the first one
    await limiter.acquire(None)  # nor is a request without a chat
    assert clock.now == pytest.approx(before)


async def test_a_429_pauses_everything_for_retry_after(clock):
    limiter = RateLimiter(25, clock=clock)
    await limiter.acquire()
    limiter.pause(retry_after("2"))
    start = clock.now
    await limiter.acquire("333")  # per-chat or not, everyone waits
    assert clock.now - start == pytest.approx(2.0)
    limiter.pause(retry_after(None))  # no Retry-After: the default pause
    start = clock.now
    await limiter.acquire()
    assert clock.now - start == pytest.approx(DEFAULT_429_PAUSE)
    assert limiter.throttled_429 == 2


@pytest.mark.parametrize(
    ("header", "pause"),
    [("3", 3.0), ("0.5", 0.5), (None, DEFAULT_429_PAUSE), ("soon", DEFAULT_429_PAUSE),
     ("-4", 0.0), ("3600", 60.0)],
)  # fmt: skip
def test_retry_after_header(header, pause):
    assert retry_after(header) == pause
