"""Long polling that survives restarts: the marker is stored in the database.

maxapi keeps the polling marker in memory only, and MAX answers a request without a marker
with just the latest update, so a restart would lose the backlog. maxapi asks for
`GET /updates?marker=M` only after the previous batch was dispatched, so M acknowledges
everything before it: we store M then, and start the next process from it. A batch cut short
by a crash is delivered again; handlers are idempotent (a repeated button press is stale).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from maxapi import Bot
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.max.seam import Registered, RightsChanged, complete_updates, take_rights_changes
from storage.repo import people, state

log = logging.getLogger(__name__)

MARKER_KEY = "polling_marker"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: Any) -> Any:
    """JSON data with NUL characters and unpaired UTF-16 surrogates replaced by U+FFFD.
    JSON may carry both as escapes ("\\u0000", "\\udcff"), but UTF-8 cannot encode a lone
    surrogate and PostgreSQL text cannot hold NUL: storing or echoing such a string would fail."""
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value) if UNSTORABLE.search(value) else value
    if isinstance(value, dict):
        return {key: storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


class MarkerStore:
    def __init__(self, sessionmaker: async_sessionmaker) -> None:
        self.sessionmaker = sessionmaker
        self.saved: int | None = None

    async def load(self) -> int | None:
        async with self.sessionmaker() as session:
            value = await state.get(session, MARKER_KEY)
        self.saved = int(value) if value is not None else None
        return self.saved

    async def save(self, marker: int) -> None:
        if marker == self.saved:
            return
        async with self.sessionmaker() as session:
            await state.put(session, MARKER_KEY, str(marker))
            await session.commit()
        self.saved = marker


class PersistentMarkerBot(Bot):
    """A maxapi Bot that stores the acknowledged polling marker before each poll, and fills
    in the `user` MAX no longer sends with `bot_added` and takes the updates maxapi does not
    know yet (`bot.max.seam`)."""

    marker_store: MarkerStore | None = None
    registered: Registered | None = None
    rights_changed: RightsChanged | None = None

    async def get_updates(
        self,
        limit: int | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 (the maxapi signature)
        marker: int | None = None,
        types: Sequence[Any] | None = None,
    ) -> dict[str, Any]:
        if marker is not None and self.marker_store is not None:
            await self.marker_store.save(marker)
        updates = await super().get_updates(
            limit=limit, timeout=timeout, marker=marker, types=types
        )
        cleaned: dict[str, Any] = storable(updates)
        cleaned = await take_rights_changes(cleaned, self.rights_changed)
        return await complete_updates(self, cleaned, self.registered)


def registered_in(sessionmaker: async_sessionmaker) -> Registered:
    """The `Registered` lookup of `bot.max.seam` over the database."""

    async def registered(user_ids: Sequence[int]) -> set[int]:
        async with sessionmaker() as session:
            return await people.registered_among(session, user_ids)

    return registered
