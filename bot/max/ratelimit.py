"""Outgoing rate limiting for the MAX Bot API, at the HTTP level (aiohttp trace hooks), so that
every request maxapi makes — messages, edits, callback answers, uploads — is paced.

- a global token bucket: the current `rate` requests per second, with a small burst;
- a sliding window over the last MAX_API_RPS requests: no MAX_API_RPS + 1 requests are ever
  released within WINDOW + WINDOW_MARGIN seconds, so no one-second window at MAX holds more
  than MAX_API_RPS even with some jitter between our clock and MAX's (a token bucket alone
  allows `capacity + rate` per second: 31 at rate 30, and exactly 30 at 25, no margin);
- a per-chat bucket for new messages: about `chat_rate` messages a second into one chat,
  after a burst of `chat_burst` (a reply of two or three messages is not delayed);
- HTTP 429: everything pauses for `Retry-After` seconds (or DEFAULT_429_PAUSE when it is
  absent), and the rate adapts (`AdaptiveRate`): MAX documents 30 requests a second per bot,
  but a live bot got 429 «Limit is: 10 calls per second» without Retry-After.

The adaptive rate (`AdaptiveRate`), AIMD with a remembered limit (like TCP's ssthresh):

- at a 429 the limiter counts the requests it released in the WINDOW before the refused one:
  MAX let all but the last through, so its limit is at most that count − 1 (`known`);
- the rate is cut, unless the limiter sent at most FEW requests (or half its rate) in that
  WINDOW: then the 429 is not about its rate (one chat's own limit, an outage answering 429)
  and a cut would not change what it sends, so it only pauses. The cut: to SAFE × `known`
  when the limiter was probing above the safe pace (the 429 only confirms the limit), else
  (the first 429, or one at a pace believed safe: the limit fell, or another process shares
  it) multiplicatively, × DECREASE (never above SAFE × `known`, never below `floor`), and
  `known` drops to at most the rate that failed. With a Retry-After the pause is MAX's and
  the cut is only the mild one (to SAFE × `known`);
- after a cut the burst is 1 (no catch-up after a late wake-up), and the rate climbs back
  additively, CLIMB requests/s per second of clean sending, up to SAFE × `known`; it holds
  there for HOLD seconds and then probes slowly (PROBE × `known` per second) towards the
  configured ceiling. A probe that passes `known` by FORGET without a 429 forgets it (MAX
  raised the limit): the climb is the fast one again. Time counts as clean sending only
  between requests less than IDLE_CREDIT apart, so an idle hour does not reset what was learnt.

Long polling (`GET /updates`) is not counted: MAX limits it separately.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from aiohttp import ClientSession, TraceConfig, TraceRequestEndParams, TraceRequestStartParams

log = logging.getLogger(__name__)

MAX_API_RPS = 30  # MAX's documented limit per bot
WINDOW = 1.0  # seconds, the window MAX_API_RPS applies to
WINDOW_MARGIN = 0.05  # seconds of safety for network and scheduling jitter
DEFAULT_429_PAUSE = 1.0
UNCOUNTED_PATHS = ("/updates",)

# The adaptive rate (see the module's docstring).
FLOOR = 1.0  # requests/s: the rate is never cut below this (nor above the ceiling)
DECREASE = 0.5  # the multiplicative cut after an unexpected 429
SAFE = 0.95  # the pace kept under a known limit: 9.5 of 10, 19 of 20
CLIMB = 1.0  # requests/s gained per second of clean sending, below the safe pace
HOLD = 60.0  # seconds at the safe pace before probing above it
PROBE = 0.01  # of the known limit gained per second while probing (0.1 requests/s at 10)
FORGET = 0.1  # a probe this far above the known limit without a 429 forgets the limit
FEW = 5  # a 429 after at most this many requests in a second (or half the rate) cuts nothing
IDLE_CREDIT = 1.0  # seconds: a longer gap between requests counts as this much clean sending


class TokenBucket:
    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        self.rate, self.capacity, self.clock = rate, capacity, clock
        self.tokens, self.stamp = capacity, clock()

    def _refill(self) -> None:
        now = self.clock()
        if now > self.stamp:  # (the stamp is in the future while a 429 holds it)
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def reserve(self) -> float:
        """Take a token (possibly borrowed from the future); returns how long to wait."""
        self._refill()
        self.tokens -= 1
        wait = 0.0 if self.tokens >= 0 else -self.tokens / self.rate
        return self.stamp - self.clock() + wait

    def retune(self, rate: float, capacity: float | None = None) -> None:
        """From now on `rate` tokens a second (and `capacity`); what was earned stays."""
        self._refill()
        self.rate = rate
        if capacity is not None:
            self.capacity = capacity
            self.tokens = min(self.tokens, capacity)

    def hold(self, until: float) -> None:
        """Nothing before `until` (a 429's pause), one token then, nothing borrowed: a cut
        rate starts clean after the pause instead of paying its debts at once."""
        self.tokens, self.stamp = min(1.0, self.capacity), until


class AdaptiveRate:
    """The rate the limiter paces at: the configured `ceiling` until MAX answers 429, then
    AIMD around the limit it has learnt (`known`); see the module's docstring. Pure: the
    caller passes the clock's time."""

    def __init__(self, ceiling: float, now: float) -> None:
        self.ceiling = ceiling
        self.floor = min(FLOOR, ceiling)
        self.rate = ceiling
        self.known: float | None = None  # the limit learnt at the last 429 (requests/s)
        self.stamp = now  # the last update of `rate`
        self.safe_since: float | None = None  # when the rate reached the safe pace
        self.cuts = 0

    @property
    def adapted(self) -> bool:
        return self.known is not None

    def target(self) -> float:
        """The pace kept after a cut: SAFE × the known limit (the ceiling if none)."""
        if self.known is None:
            return self.ceiling
        return max(self.floor, min(self.ceiling, SAFE * self.known))

    def advance(self, now: float) -> float:
        """The rate at `now`: climbed by the clean sending since the last update."""
        dt = min(max(now - self.stamp, 0.0), IDLE_CREDIT)
        self.stamp = now
        target = self.target()
        if self.rate < target:
            self.rate = min(target, self.rate + CLIMB * dt)
            if self.rate >= target:
                self.safe_since = now
        elif self.known is not None and self.rate < self.ceiling:
            if self.safe_since is None:
                self.safe_since = now
            elif now - self.safe_since >= HOLD:  # held long enough: probe above
                self.rate = min(self.ceiling, self.rate + PROBE * self.known * dt)
                if self.rate >= self.known * (1 + FORGET):
                    log.info("MAX API: no 429 at %.1f requests/s; the limit of %.1f is "
                             "forgotten", self.rate, self.known)  # fmt: skip
                    self.known, self.safe_since = None, None
        return self.rate

    def throttled(self, now: float, seen: int, retry_after: bool) -> float:
        """A 429 at `now`, after `seen` requests released in the WINDOW before the refused
        one (it included); `retry_after`: MAX said when to come back. Returns the new rate
        (unchanged after FEW requests or fewer: the 429 is not about the rate)."""
        before = self.advance(now)
        counted = max(self.floor, float(seen - 1))  # MAX let all but the refused one through
        if counted < min(FEW, DECREASE * before):
            # Hardly anything sent: not our rate that MAX refuses (one chat's own limit, an
            # outage answering 429), and a cut would not change what we send. Pause only.
            return self.rate
        probing = self.known is not None and before > SAFE * self.known * 1.001
        if self.known is None:  # the first 429: the count is all there is to go by
            self.known = counted
            cut = self.target() if retry_after else before * DECREASE
        elif probing:  # rising slowly, the rate that failed is the limit (the count may
            self.known = max(self.floor, before)  # miss one at the window's edge)
            cut = self.target()
        else:  # a 429 at a pace believed safe: the limit fell (or is shared)
            self.known = max(self.floor, min(counted, before))
            cut = self.target() if retry_after else before * DECREASE
        self.rate = max(self.floor, min(cut, self.target()))
        self.safe_since = now if self.rate >= self.target() else None
        self.cuts += 1
        return self.rate


class RateLimiter:
    def __init__(
        self,
        rate: float,
        *,
        chat_rate: float = 1.0,
        chat_burst: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 < rate <= MAX_API_RPS:
            raise ValueError(f"rate must be in (0, {MAX_API_RPS}]")
        self.clock = clock
        self.adaptive = AdaptiveRate(rate, clock())
        self.global_bucket = TokenBucket(rate, max(1.0, MAX_API_RPS - rate), clock)
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self.chats: dict[str, TokenBucket] = {}
        # [release time] of the latest requests, in the order reserved: planned, then actual
        self.recent: deque[list[float]] = deque(maxlen=MAX_API_RPS)
        self.paused_until = 0.0
        self.requests = 0
        self.throttled_429 = 0

    @property
    def rate(self) -> float:
        """The rate the limiter paces at now (requests/s)."""
        return self.adaptive.rate

    def _reserve(self) -> list[float]:
        """A slot for the next request: [the moment it may go] after a token, the end of a 429
        pause, and room in the sliding window. Reserved at once (no await), so concurrent
        callers queue up; the caller writes the actual release time into the slot."""
        now = self.clock()
        rate = self.adaptive.advance(now)
        if rate != self.global_bucket.rate:
            # Adapted: no burst, so a late wake-up cannot catch up past MAX's window.
            self.global_bucket.retune(rate, 1.0 if self.adaptive.adapted else None)
        at = now + self.global_bucket.reserve()
        at = max(at, self.paused_until)
        if len(self.recent) == self.recent.maxlen:
            at = max(at, min(slot[0] for slot in self.recent) + WINDOW + WINDOW_MARGIN)
        slot = [at]
        self.recent.append(slot)
        return slot

    async def acquire(self, chat: str | None = None) -> float:
        """Wait for the right to send one request (into `chat`, if given); returns the
        moment it was released (pass it to `throttled` if MAX answers 429)."""
        bucket, planned = None, 0.0
        if chat is not None:
            bucket = self.chats.get(chat)
            if bucket is None:
                bucket = self.chats[chat] = TokenBucket(self.chat_rate, self.chat_burst, self.clock)
                if len(self.chats) > 50_000:  # forget idle chats
                    self.chats = {chat: bucket}
            wait = bucket.reserve()
            planned = self.clock() + wait
            await asyncio.sleep(wait)
        while True:
            slot = self._reserve()
            await asyncio.sleep(max(slot[0] - self.clock(), 0.0))
            # The loop may wake up late (a busy process): the window counts from the moment
            # the request really goes, or the next ones could catch up with it.
            slot[0] = max(slot[0], self.clock())
            if self.paused_until <= slot[0]:  # no 429 arrived while waiting
                break
            self.recent.remove(slot)  # it did not go: a 429 paused everything meanwhile
        if bucket is not None:
            # The chat's next token counts from when this message really went: a wait for
            # the global slot (a 429's pause) must not bunch one chat's messages up after it.
            bucket.stamp += max(0.0, slot[0] - planned)
        self.requests += 1
        return slot[0]

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (a 429's Retry-After)."""
        self.paused_until = max(self.paused_until, self.clock() + seconds)
        log.warning("MAX API answered 429: pausing outgoing requests for %.1f s", seconds)

    def throttled(self, retry_after_header: Any = None, released: float | None = None) -> None:
        """MAX answered 429 to a request released at `released`: pause (Retry-After, else
        DEFAULT_429_PAUSE) and cut the rate, once per pause (the other requests already in
        flight are answered 429 for the same excess)."""
        self.throttled_429 += 1
        now = self.clock()
        given = retry_after_header is not None
        if now < self.paused_until:  # the same excess as the 429 that paused us
            if given:
                self.pause(retry_after(retry_after_header))
            return
        sent_at = now if released is None else released
        seen = sum(1 for slot in self.recent if sent_at - WINDOW < slot[0] <= sent_at)
        before, cuts = self.rate, self.adaptive.cuts
        rate = self.adaptive.throttled(now, max(seen, 1), given)
        if self.adaptive.cuts == cuts:
            log.warning("MAX API answered 429 after only %d requests in a second: the rate "
                        "stays %.1f requests/s", seen, rate)  # fmt: skip
            self.pause(retry_after(retry_after_header))
            return
        log.warning("MAX API answered 429 after %d requests in a second: %.1f → %.1f "
                    "requests/s (limit taken as %.1f)", seen, before, rate,
                    self.adaptive.known or 0.0)  # fmt: skip
        self.pause(retry_after(retry_after_header))
        self.global_bucket.retune(rate, 1.0)
        self.global_bucket.hold(self.paused_until)

    def trace_config(self) -> TraceConfig:
        """aiohttp hooks: wait for a slot before each request; honour 429 after it."""
        config = TraceConfig()

        async def on_start(
            session: ClientSession, ctx: SimpleNamespace, params: TraceRequestStartParams
        ) -> None:
            if params.url.path.endswith(UNCOUNTED_PATHS):
                return
            chat = None
            if params.method == "POST" and params.url.path.endswith("/messages"):
                query = params.url.query
                chat = query.get("chat_id") or query.get("user_id")
            ctx.released = await self.acquire(chat)

        async def on_end(
            session: ClientSession, ctx: SimpleNamespace, params: TraceRequestEndParams
        ) -> None:
            if params.response.status == 429:
                released = getattr(ctx, "released", None)
                self.throttled(params.response.headers.get("Retry-After"), released)

        config.on_request_start.append(on_start)
        config.on_request_end.append(on_end)
        return config


def retry_after(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return DEFAULT_429_PAUSE
    return min(max(seconds, 0.0), 60.0)
