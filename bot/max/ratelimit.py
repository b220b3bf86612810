"""Outgoing rate limiting for the MAX Bot API, at the HTTP level (aiohttp trace hooks), so that
every request maxapi makes — messages, edits, callback answers, uploads — is paced.

- a global token bucket: `rate` requests per second, with a small burst;
- a sliding window over the last MAX_API_RPS requests: no MAX_API_RPS + 1 requests are ever
  released within WINDOW + WINDOW_MARGIN seconds, so no one-second window at MAX holds more
  than MAX_API_RPS even with some jitter between our clock and MAX's (a token bucket alone
  allows `capacity + rate` per second: 31 at rate 30, and exactly 30 at 25, no margin);
- a per-chat bucket for new messages: about `chat_rate` messages a second into one chat,
  after a burst of `chat_burst` (a reply of two or three messages is not delayed);
- HTTP 429: everything pauses for `Retry-After` seconds (or a backoff when it is absent).

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
WINDOW_MARGIN = 0.1  # seconds of safety for network and scheduling jitter
DEFAULT_429_PAUSE = 1.0
UNCOUNTED_PATHS = ("/updates",)


class TokenBucket:
    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        self.rate, self.capacity, self.clock = rate, capacity, clock
        self.tokens, self.stamp = capacity, clock()

    def reserve(self) -> float:
        """Take a token (possibly borrowed from the future); returns how long to wait."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


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
        self.global_bucket = TokenBucket(rate, max(1.0, MAX_API_RPS - rate), clock)
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self.chats: dict[str, TokenBucket] = {}
        # [release time] of the latest requests, in the order reserved: planned, then actual
        self.recent: deque[list[float]] = deque(maxlen=MAX_API_RPS)
        self.paused_until = 0.0
        self.requests = 0
        self.throttled_429 = 0

    def _reserve(self) -> list[float]:
        """A slot for the next request: [the moment it may go] after a token, the end of a 429
        pause, and room in the sliding window. Reserved at once (no await), so concurrent
        callers queue up; the caller writes the actual release time into the slot."""
        at = self.clock() + self.global_bucket.reserve()
        at = max(at, self.paused_until)
        if len(self.recent) == self.recent.maxlen:
            at = max(at, min(slot[0] for slot in self.recent) + WINDOW + WINDOW_MARGIN)
        slot = [at]
        self.recent.append(slot)
        return slot

    async def acquire(self, chat: str | None = None) -> None:
        if chat is not None:
            bucket = self.chats.get(chat)
            if bucket is None:
                bucket = self.chats[chat] = TokenBucket(self.chat_rate, self.chat_burst, self.clock)
                if len(self.chats) > 50_000:  # forget idle chats
                    self.chats = {chat: bucket}
            await asyncio.sleep(bucket.reserve())
        while True:
            slot = self._reserve()
            await asyncio.sleep(max(slot[0] - self.clock(), 0.0))
            # The loop may wake up late (a busy process): the window counts from the moment
            # the request really goes, or the next ones could catch up with it.
            slot[0] = max(slot[0], self.clock())
            if self.paused_until <= slot[0]:  # no 429 arrived while waiting
                break
        self.requests += 1

    def pause(self, seconds: float) -> None:
        self.throttled_429 += 1
        self.paused_until = max(self.paused_until, self.clock() + seconds)
        log.warning("MAX API answered 429: pausing outgoing requests for %.1f s", seconds)

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
            await self.acquire(chat)

        async def on_end(
            session: ClientSession, ctx: SimpleNamespace, params: TraceRequestEndParams
        ) -> None:
            if params.response.status == 429:
                self.pause(retry_after(params.response.headers.get("Retry-After")))

        config.on_request_start.append(on_start)
        config.on_request_end.append(on_end)
        return config


def retry_after(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return DEFAULT_429_PAUSE
    return min(max(seconds, 0.0), 60.0)
