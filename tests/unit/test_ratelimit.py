"""The outgoing rate limiter on a fake clock: token buckets, the API-wide and per-chat limits,
the pause after a 429, the adaptive rate (a limit learnt from 429s without Retry-After)."""

from __future__ import annotations

import asyncio
import itertools
import time
from types import SimpleNamespace

import pytest

from bot.max import ratelimit
from bot.max.ratelimit import (
    CLIMB,
    DEFAULT_429_PAUSE,
    FEW,
    FLOOR,
    FORGET,
    HOLD,
    IDLE_CREDIT,
    MAX_API_RPS,
    PROBE,
    SAFE,
    WINDOW,
    WINDOW_MARGIN,
    AdaptiveRate,
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
    limiter.throttled("2")
    start = clock.now
    await limiter.acquire("333")  # per-chat or not, everyone waits
    assert clock.now - start == pytest.approx(2.0)
    limiter.throttled(None)  # no Retry-After: the default pause
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


# --- the adaptive rate (a 429 without Retry-After: MAX's limit is not always 30) ------------


def test_the_first_429_halves_the_rate_but_not_above_the_limit_it_counted():
    rate = AdaptiveRate(30, now=0.0)
    assert rate.advance(0.5) == 30 and not rate.adapted
    # 21 requests in the second before the refused one: MAX allows 20
    assert rate.throttled(1.0, seen=21, retry_after=False) == pytest.approx(15.0)  # × 0.5
    assert rate.known == 20
    again = AdaptiveRate(20, now=0.0)
    # 11 counted: the limit is 10; halving (10) would still be above the safe pace
    assert again.throttled(1.0, seen=11, retry_after=False) == pytest.approx(SAFE * 10)
    # a 429 at the safe pace: the limit fell, the rate is halved
    assert again.throttled(2.0, seen=10, retry_after=False) == pytest.approx(SAFE * 10 / 2)
    assert again.known == 9


def test_the_rate_climbs_back_additively_to_the_safe_pace_and_holds_there():
    rate = AdaptiveRate(30, now=0.0)
    rate.throttled(0.0, seen=21, retry_after=False)  # 15 requests/s, limit 20
    rates = [rate.advance(t * 0.5) for t in range(1, 21)]  # requests every 0.5 s
    assert rates[:4] == pytest.approx([15.5, 16.0, 16.5, 17.0])  # + CLIMB a second
    assert max(rates) == pytest.approx(SAFE * 20)  # then held at 19 of 20
    assert rates[-1] == pytest.approx(SAFE * 20)


def test_idle_time_is_not_clean_sending():
    rate = AdaptiveRate(30, now=0.0)
    rate.throttled(0.0, seen=21, retry_after=False)
    assert rate.advance(3600.0) == pytest.approx(15.0 + CLIMB * IDLE_CREDIT)


def test_after_holding_it_probes_slowly_and_a_429_there_cuts_only_to_the_safe_pace():
    rate = AdaptiveRate(20, now=0.0)
    rate.throttled(0.0, seen=11, retry_after=False)  # 9.5, limit 10
    t, seen = 0.0, []
    while t < HOLD + 10:
        t += 0.1
        seen.append(rate.advance(t))
    assert seen[int(HOLD * 10) - 5] == pytest.approx(SAFE * 10)  # held for HOLD
    assert seen[-1] > SAFE * 10  # then probing
    assert seen[-1] - seen[-11] == pytest.approx(PROBE * 10, rel=0.01)  # 0.1/s at 10
    failed = rate.advance(t)
    after = rate.throttled(t, seen=11, retry_after=False)
    assert rate.known == pytest.approx(failed)  # the rate that failed is the limit
    assert after == pytest.approx(SAFE * failed)  # a mild cut, not a halving
    assert failed - after < 0.1 * failed


def test_a_429_at_a_pace_believed_safe_halves_the_rate_and_lowers_the_limit():
    rate = AdaptiveRate(30, now=0.0)
    rate.throttled(0.0, seen=21, retry_after=False)
    for t in (1.0, 2.0, 3.0, 4.0):
        rate.advance(t)  # 19: the safe pace under 20
    assert rate.advance(5.0) == pytest.approx(19.0)
    assert rate.throttled(5.0, seen=12, retry_after=False) == pytest.approx(9.5)  # × 0.5
    assert rate.known == 11  # MAX now allows 11 a second


def test_a_429_after_a_few_requests_does_not_cut_the_rate():
    """Far below the pace, the 429 is about something else (one chat's own limit, an outage
    answering 429): a cut would not change what is sent."""
    rate = AdaptiveRate(25, now=0.0)
    assert rate.throttled(0.0, seen=FEW, retry_after=False) == 25
    assert rate.known is None and rate.cuts == 0
    floor = AdaptiveRate(1.5, now=0.0)
    for t in range(5):
        floor.throttled(float(t), seen=2, retry_after=False)
    assert floor.rate == FLOOR  # never below one request a second


async def test_429s_after_a_few_requests_pause_but_keep_the_rate(clock):
    limiter = RateLimiter(25, clock=clock)
    limiter.throttled(None, await limiter.acquire())
    assert limiter.rate == 25 and limiter.adaptive.cuts == 0
    start = clock.now
    await limiter.acquire()
    assert clock.now - start == pytest.approx(DEFAULT_429_PAUSE)


def test_a_429_with_retry_after_cuts_only_to_the_safe_pace():
    rate = AdaptiveRate(30, now=0.0)
    assert rate.throttled(0.0, seen=21, retry_after=True) == pytest.approx(SAFE * 20)


def test_a_probe_well_past_the_known_limit_forgets_it():
    rate = AdaptiveRate(30, now=0.0)
    rate.throttled(0.0, seen=21, retry_after=False)
    for second in (1.0, 2.0, 3.0, 4.0):  # the climb to 19
        rate.advance(second)
    t = 0.0
    while rate.known is not None and t < 1000:
        t += 0.5
        rate.advance(t)
    assert rate.known is None  # MAX raised its limit: back to the fast climb
    assert HOLD < t < 4 + HOLD + (FORGET + 1 - SAFE) / PROBE + 1  # the climb took 4 s
    for _ in range(40):
        t += 0.5
        rate.advance(t)
    assert rate.rate == 30  # the ceiling


class SlidingLimit:
    """MAX on the fake clock: more than `limit` arrivals in one second are answered 429
    (without Retry-After), the refused ones counted too."""

    def __init__(self, limit: int) -> None:
        self.limit, self.arrivals, self.refused, self.passed = limit, [], 0, 0

    def answer(self, t: float) -> int:
        self.arrivals.append(t)
        if sum(1 for a in self.arrivals[-self.limit - 1 :] if a > t - 1.0) > self.limit:
            self.refused += 1
            return 429
        self.passed += 1
        return 200


@pytest.mark.parametrize("limit", [10, 20, 30])
async def test_the_limiter_settles_under_a_lower_limit_with_few_429s(clock, limit):
    """A drain against a MAX that allows `limit` a second, on the fake clock: at least 90 %
    of the limit is used, and no more than 1 % of the requests are refused."""
    limiter = RateLimiter(MAX_API_RPS, clock=clock)
    max_api = SlidingLimit(limit)
    start = clock.now
    while clock.now - start < 120:
        released = await limiter.acquire()
        clock.now += 0.002  # the way to MAX
        status = max_api.answer(clock.now)
        clock.now += 0.002 + 0.006  # the way back, then the next row
        if status == 429:
            limiter.throttled(None, released)
    assert max_api.passed / 120 >= 0.9 * limit
    assert max_api.refused <= 0.01 * len(max_api.arrivals)
    assert limiter.rate <= limit


async def test_after_a_429_the_cut_rate_starts_clean_without_a_burst(clock):
    limiter = RateLimiter(20, clock=clock)
    released = [await limiter.acquire() for _ in range(11)]
    limiter.throttled(None, released[-1])  # 11 in a second: the limit is 10
    times = [await limiter.acquire() for _ in range(25)]
    assert times[0] == pytest.approx(released[-1] + DEFAULT_429_PAUSE)
    assert busiest_window(times) <= 10  # 9.5 a second, one at a time: never 11
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(1 / (SAFE * 10), rel=0.01)


async def test_429s_of_requests_already_in_flight_cut_the_rate_once(clock):
    limiter = RateLimiter(MAX_API_RPS, clock=clock)
    released = [await limiter.acquire() for _ in range(21)]
    limiter.throttled(None, released[-1])
    cut = limiter.rate
    limiter.throttled(None, released[-1])  # the same excess, answered a moment later
    limiter.throttled("3", released[-1])  # a Retry-After still lengthens the pause
    assert limiter.rate == cut == pytest.approx(15.0)
    assert limiter.throttled_429 == 3 and limiter.adaptive.cuts == 1
    start = clock.now
    await limiter.acquire()
    assert clock.now - start == pytest.approx(3.0)


async def test_the_per_chat_pace_stays_as_configured_after_a_cut(clock):
    limiter = RateLimiter(25, chat_rate=2.0, chat_burst=1, clock=clock)
    released = [await limiter.acquire() for _ in range(21)]
    limiter.throttled(None, released[-1])
    assert limiter.adaptive.cuts == 1
    times = [await limiter.acquire("555") for _ in range(6)]
    assert busiest_window(times) <= 2  # MAX: at most 2 messages a second into one chat
