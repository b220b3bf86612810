"""Queries of the school-year roll-over: the administrator's corrections kept between the
preview and the confirmation (the classes themselves: `storage.repo.classes`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BotState


def _draft_key(school_id: int) -> str:
    return f"rollover:{school_id}"


async def get_draft(session: AsyncSession, school_id: int) -> dict[str, Any]:
    """The administrator's corrections: {"actions": {class id: action}, "leaves": [[class id,
    person id], ...]} (empty when none)."""
    row = await session.get(BotState, _draft_key(school_id))
    if row is None:
        return {"actions": {}, "leaves": []}
    data = json.loads(row.value)
    return {"actions": dict(data.get("actions", {})), "leaves": list(data.get("leaves", []))}


async def put_draft(session: AsyncSession, school_id: int, draft: dict[str, Any]) -> None:
    value = json.dumps(draft, sort_keys=True)
    row = await session.get(BotState, _draft_key(school_id))
    if row is None:
        session.add(BotState(key=_draft_key(school_id), value=value))
    else:
        row.value = value


async def drop_draft(session: AsyncSession, school_id: int) -> None:
    await session.execute(delete(BotState).where(BotState.key == _draft_key(school_id)))
