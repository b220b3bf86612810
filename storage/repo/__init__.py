"""All SQL of the bot lives in these modules; services call them with an AsyncSession."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, case, literal
from sqlalchemy.ext.asyncio import AsyncSession

Row = TypeVar("Row")


def answer_key(code: Any, period: Any) -> ColumnElement[str]:
    """The answer key of a row (bot.rules.calendar.answer_key) in SQL: "code" for a one-off
    item, "code@period" for a recurring or class item."""
    key: ColumnElement[str] = code + case((period == "", literal("")), else_=literal("@") + period)
    return key


def statuses_by_owner(rows: Iterable[Any]) -> dict[int, dict[str, str]]:
    """owner id -> {item code -> status}, from (owner id, item code, status) rows."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for owner_id, code, status in rows:
        out[owner_id][code] = status
    return out


async def inserted(session: AsyncSession, row: Row) -> Row:
    """Add a new ORM row and flush, so that its id (and server defaults) are known."""
    session.add(row)
    await session.flush()
    return row
