"""Faults and limits for FakeMax: a seeded fault injector and a rate enforcer.

Plug them into a running fake::

    fake.chaos = FaultInjector(seed=7, rate=0.1, kinds=("429", "500", "timeout"))
    fake.rate_limit = RateEnforcer(limit=30, window=1.0)

Both are consulted by the fake's middleware for every request, the rate enforcer first (a
request it throttles never reaches the fault injector or the route).

Fault kinds (``FaultInjector.kinds``):

* ``"429"`` — answered ``429 too.many.requests`` with ``Retry-After`` (nothing stored);
* ``"500"`` — answered ``500 internal.error`` before the request is processed (nothing stored);
* ``"timeout"`` — the connection is dropped before the request is processed (nothing stored).
  A real client timeout would need a short client timeout in the bot (maxapi's default is
  150 s and `bot/app.py` does not set one), so the fake does what a timed-out request looks
  like to the client: no answer on the connection. aiohttp raises
  ``ServerDisconnectedError``; maxapi retries it itself (its own backoff, up to 3 times) and
  then raises ``MaxConnection``, which the bot's sender treats like a timeout;
* ``"500-after-store"`` — the request IS processed (the message is stored and visible in the
  dialog) and then answered ``500``: the nasty case where the client cannot know it worked
  (a timeout after the server acted looks the same to the client).

The choice is drawn from ``random.Random(seed)`` once per matching request, so a run with the
same requests in the same order injects the same faults.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from aiohttp import web

Proceed = Callable[[], Awaitable[web.StreamResponse]]

KINDS = ("429", "500", "timeout", "500-after-store")


def _matches(path: str, patterns: Iterable[str]) -> bool:
    """A pattern ending with "/" is a prefix ("/upload/"); any other must equal the path."""
    return any(path.startswith(p) if p.endswith("/") else path == p for p in patterns)


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status, headers=headers)


@dataclass
class FaultInjector:
    """Answers a random share (``rate``) of the matching requests with a fault."""

    seed: int
    rate: float = 0.1
    kinds: tuple[str, ...] = ("429", "500", "timeout")
    paths: tuple[str, ...] = ("/messages", "/answers", "/uploads")
    methods: tuple[str, ...] = ("POST",)
    retry_after: str | None = "1"  # the Retry-After header of an injected 429 (None: absent)
    budget: int | None = None  # at most this many faults in all (None: no limit)
    enabled: bool = True
    injected: Counter[str] = field(default_factory=Counter)
    log: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, method, path)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {KINDS}")
        self._random = random.Random(self.seed)

    def pick(self, method: str, path: str) -> str | None:
        """The fault for this request, or None to let it through."""
        if not self.enabled or method not in self.methods or not _matches(path, self.paths):
            return None
        if self.budget is not None and self.budget <= sum(self.injected.values()):
            return None
        if self._random.random() >= self.rate:
            return None
        return self._random.choice(self.kinds)

    async def intercept(
        self, request: web.Request, proceed: Proceed, arrived: float
    ) -> web.StreamResponse | None:
        kind = self.pick(request.method, request.path)
        if kind is None:
            return None
        self.injected[kind] += 1
        self.log.append((kind, request.method, request.path))
        if kind == "429":
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else None
            return _error(429, "too.many.requests", "Injected: too many requests", headers)
        if kind == "500":
            return _error(500, "internal.error", "Injected: internal error")
        if kind == "timeout":
            _drop_connection(request)
            await asyncio.sleep(3600)  # cancelled at once: the client is gone
        await proceed()  # "500-after-store": done (the message is in the dialog), answer lost
        return _error(500, "internal.error", "Injected: internal error after processing")


def _drop_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        transport.abort()


@dataclass
class RateEnforcer:
    """MAX's limit of ``limit`` requests per ``window`` seconds per bot, enforced: a request
    that would make more than ``limit`` arrivals within any sliding window is answered
    ``429 too.many.requests`` with ``Retry-After`` (none when ``retry_after`` is None). Long
    polling (``GET /updates``) and the upload host (``/upload/…``) are not counted, nor are
    downloads (``/files/…``)."""

    limit: int = 30
    window: float = 1.0
    retry_after: str | None = "1"  # None: no Retry-After (as a live MAX answered in 2026)
    uncounted: tuple[str, ...] = ("/updates", "/upload/", "/files/")
    counted: list[float] = field(default_factory=list)  # arrival times of counted requests
    throttled: list[float] = field(default_factory=list)  # arrival times of the 429s sent

    def __post_init__(self) -> None:
        self._recent: deque[float] = deque()

    @property
    def rejected(self) -> int:
        return len(self.throttled)

    async def intercept(
        self, request: web.Request, proceed: Proceed, arrived: float
    ) -> web.StreamResponse | None:
        """``arrived``: time.monotonic() when the request reached the fake."""
        if _matches(request.path, self.uncounted):
            return None
        now = arrived
        self.counted.append(now)
        self._recent.append(now)
        while self._recent and self._recent[0] <= now - self.window:
            self._recent.popleft()
        if len(self._recent) > self.limit:
            self.throttled.append(now)
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else None
            return _error(429, "too.many.requests", "Too many requests", headers)
        return None

    def busiest_window(self) -> int:
        """The most counted requests that arrived within one window."""
        best, start = 0, 0
        for end, t in enumerate(self.counted):
            while self.counted[start] <= t - self.window:
                start += 1
            best = max(best, end - start + 1)
        return best
