"""The one retry policy for calls to MAX (bot/max/sender.py uses it for every call).

`RetryPolicy` decides everything about retrying: how many quick attempts, the backoff with
jitter between them, which failures are retried, which mean the person is unreachable, and
how long a scheduled message that still failed waits for a later tick.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar, overload

from maxapi.exceptions.max import MaxApiError, MaxConnection

from bot.config import default

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_BASE = timedelta(minutes=1)  # a failed scheduled send: first wait for a later tick
RETRY_MAX = timedelta(hours=1)
# A failed reply (a person waits for it) is retried by the sender itself, not by a tick:
# about 1, 2, 4, 8 s, then every 8 s, for REPLY_QUICK_FOR after it was written; so a reply
# waiting while MAX is down goes out within REPLY_RETRY_MAX of its recovery.
REPLY_RETRY_BASE = 1.0  # seconds
REPLY_RETRY_MAX = 8.0  # seconds
REPLY_QUICK_FOR = timedelta(minutes=5)  # then a reply waits for the ticks like any message


class Unreachable(Exception):
    """MAX refused to deliver to this person: they blocked the bot or removed the dialog."""


UNREACHABLE_STATUSES = (403,)
RETRY_STATUSES = (429, 500, 502, 503, 504)
# The settings' defaults (bot/config.py), for a Sender or policy made without settings.
SEND_RETRIES: int = default("send_retries")
SEND_BACKOFF: float = default("send_backoff")
CLAIM_LEASE = timedelta(seconds=default("claim_lease_seconds"))


@dataclass(frozen=True)
class RetryPolicy:
    """The one retry policy for calls to MAX.

    - `retries` quick retries of one call after 429 (the rate limiter has paused meanwhile),
      5xx, timeouts and dropped connections, `backoff` seconds doubled each time, with jitter;
    - a 403 means the person is unreachable (`Unreachable`), never retried;
    - anything else is raised at once;
    - a scheduled message that still fails waits `later(attempts)` for a later tick
      (exponential from RETRY_BASE up to RETRY_MAX, with jitter); a reply waits `soon(attempts)`
      for the sender's own quick retry (`Sender`'s retry loop), for REPLY_QUICK_FOR.
    """

    retries: int = SEND_RETRIES
    backoff: float = SEND_BACKOFF

    def retried(self, exc: Exception) -> bool:
        """Whether a quick retry may help after `exc`."""
        if isinstance(exc, MaxApiError):
            return exc.code in RETRY_STATUSES
        return isinstance(exc, (TimeoutError, MaxConnection))

    @staticmethod
    def may_have_arrived(exc: Exception) -> bool:
        """Whether MAX may have stored the message despite `exc` (a 429 stored nothing)."""
        return not (isinstance(exc, MaxApiError) and exc.code == 429)

    def pause(self, attempt: int) -> float:
        """Seconds to wait before quick retry `attempt + 1` (attempt 0 = the first call)."""
        return self.backoff * (1 << attempt) * random.uniform(0.5, 1.5)

    @staticmethod
    def later(attempts: int) -> timedelta:
        """How long a failed scheduled send waits for a later tick (attempts made so far)."""
        base = min(RETRY_BASE * (1 << max(attempts - 1, 0)), RETRY_MAX)
        return base * random.uniform(0.8, 1.2)

    @staticmethod
    def soon(attempts: int) -> timedelta:
        """How long a failed reply waits for the sender's quick retry (attempts made so far):
        about 1, 2, 4, 8 s, then 8 s, with jitter (never above REPLY_RETRY_MAX)."""
        base = min(REPLY_RETRY_BASE * (1 << min(max(attempts - 1, 0), 8)), REPLY_RETRY_MAX)
        return timedelta(seconds=base * random.uniform(0.75, 1.0))

    @overload
    async def run(self, call: Callable[[], Awaitable[T]]) -> T: ...

    @overload
    async def run(
        self,
        call: Callable[[], Awaitable[None]],
        *,
        delivered: Callable[[], Awaitable[bool]],
        uncertain: bool,
    ) -> None: ...

    async def run(
        self,
        call: Callable[[], Awaitable[Any]],
        *,
        delivered: Callable[[], Awaitable[bool]] | None = None,
        uncertain: bool = False,
    ) -> Any:
        """Run one MAX API call under this policy.

        With `delivered` (an outbox send, never twice): before an attempt that follows a
        failure which may have reached MAX anyway (or before the first one when `uncertain`),
        `delivered()` checks the dialog, and the call is not repeated if it is there.
        """
        for attempt in range(self.retries + 1):
            if delivered is not None and uncertain and await delivered():
                return None
            try:
                return await call()
            except MaxApiError as exc:
                if exc.code in UNREACHABLE_STATUSES:
                    raise Unreachable(str(exc.raw)) from exc
                if not self.retried(exc) or attempt == self.retries:
                    raise
                failure: Exception = exc
            except (TimeoutError, MaxConnection) as exc:
                if attempt == self.retries:
                    raise
                failure = exc
            uncertain = uncertain or self.may_have_arrived(failure)
            delay = self.pause(attempt)
            log.info("MAX API call failed (%r); retry %d in %.1f s", failure, attempt + 1, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


ONCE = RetryPolicy(retries=0)
