"""One scheduler for the whole deployment: a lease row in the database.

Several bot processes may run (webhook workers behind a balancer); only the holder of the
lease runs the scheduled work. The holder renews it every few seconds; when it dies, the
lease expires and another process takes it over (within LEASE_TTL + RENEW_EVERY). The
exactly-once outbox keys still hold if two processes ever overlap.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker

from storage.repo import state

log = logging.getLogger(__name__)

LEASE_KEY = "scheduler_lease"
LEASE_TTL = timedelta(seconds=45)
RENEW_EVERY = timedelta(seconds=15)


def _encode(owner: str, until: datetime) -> str:
    return f"{owner}|{until.timestamp():.3f}"


def _decode(value: str | None) -> tuple[str | None, float]:
    if not value or "|" not in value:
        return None, 0.0
    owner, _, until = value.rpartition("|")
    try:
        return owner, float(until)
    except ValueError:
        return None, 0.0


class Lease:
    def __init__(
        self, sessionmaker: async_sessionmaker, owner: str | None = None, ttl: timedelta = LEASE_TTL
    ) -> None:
        self.sessionmaker = sessionmaker
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl = ttl
        self.held = False

    async def acquire(self, now: datetime) -> bool:
        """Take or renew the lease if it is free, expired or ours (compare-and-swap)."""
        async with self.sessionmaker() as session:
            current = await state.get(session, LEASE_KEY)
            owner, until = _decode(current)
            if owner not in (None, self.owner) and until > now.timestamp():
                held = False
            else:
                held = await state.swap(
                    session, LEASE_KEY, current, _encode(self.owner, now + self.ttl)
                )
                await session.commit()
        if held != self.held:
            log.info("scheduler lease %s by %s", "taken" if held else "lost", self.owner)
        self.held = held
        return held

    async def release(self) -> None:
        if not self.held:
            return
        async with self.sessionmaker() as session:
            current = await state.get(session, LEASE_KEY)
            if _decode(current)[0] == self.owner:
                await state.swap(
                    session, LEASE_KEY, current, _encode("", datetime.fromtimestamp(0))
                )
                await session.commit()
        self.held = False
