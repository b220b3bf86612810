"""The authority's own checklist: its duty answers (`duty_answer`)."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DutyAnswer


async def answers_of(
    session: AsyncSession, authority_id: int, periods: Collection[str] | None = None
) -> dict[tuple[str, str, int], str]:
    """(duty code, period, school id or 0) -> status, of the authority (in `periods` when
    given)."""
    query = select(DutyAnswer.duty_code, DutyAnswer.period, DutyAnswer.school_id,
                   DutyAnswer.status).where(DutyAnswer.authority_id == authority_id)  # fmt: skip
    if periods is not None:
        query = query.where(DutyAnswer.period.in_(list(periods)))
    rows = await session.execute(query)
    return {(code, period, school): status for code, period, school, status in rows}


async def answers_of_authorities(
    session: AsyncSession, authority_ids: Collection[int]
) -> dict[int, dict[tuple[str, str, int], str]]:
    """`answers_of` for many authorities in one query."""
    rows = await session.execute(
        select(DutyAnswer.authority_id, DutyAnswer.duty_code, DutyAnswer.period,
               DutyAnswer.school_id, DutyAnswer.status)
        .where(DutyAnswer.authority_id.in_(list(authority_ids)))
    )  # fmt: skip
    out: dict[int, dict[tuple[str, str, int], str]] = {}
    for authority, code, period, school, status in rows:
        out.setdefault(authority, {})[(code, period, school)] = status
    return out


@functools.cache
def _upsert(dialect: str) -> Any:
    table = DutyAnswer.__table__
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    return insert.on_conflict_do_update(
        index_elements=[table.c.authority_id, table.c.duty_code, table.c.period,
                        table.c.school_id],
        set_=dict(status=insert.excluded.status, answered_at=insert.excluded.answered_at,
                  person_id=insert.excluded.person_id),
    )  # fmt: skip


async def set_answer(
    session: AsyncSession,
    authority_id: int,
    code: str,
    period: str,
    school_id: int,
    status: str,
    *,
    person_id: int,
    at: datetime,
) -> None:
    """Record the answer (one statement, an upsert)."""
    await session.execute(
        _upsert(session.get_bind().dialect.name),
        {"authority_id": authority_id, "duty_code": code, "period": period,
         "school_id": school_id, "status": status, "answered_at": at, "person_id": person_id},
    )  # fmt: skip


async def clear_answer(
    session: AsyncSession, authority_id: int, code: str, period: str, school_id: int
) -> None:
    """Take a per-school tick back (the consultation is not held after all)."""
    await session.execute(
        delete(DutyAnswer).where(
            DutyAnswer.authority_id == authority_id, DutyAnswer.duty_code == code,
            DutyAnswer.period == period, DutyAnswer.school_id == school_id,
        )
    )  # fmt: skip
