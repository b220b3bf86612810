"""Queries for roadmap drafts: the one checked file per authority waiting for confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PlanDraft
from storage.repo import inserted


async def draft_of(session: AsyncSession, authority_id: int) -> PlanDraft | None:
    return await session.scalar(select(PlanDraft).where(PlanDraft.authority_id == authority_id))


async def put_draft(
    session: AsyncSession,
    authority_id: int,
    person_id: int,
    text: str,
    fingerprint: str,
    now: datetime,
) -> PlanDraft:
    """The authority's draft, replacing the one it had."""
    draft = await draft_of(session, authority_id)
    if draft is None:
        return await inserted(
            session,
            PlanDraft(
                authority_id=authority_id, person_id=person_id, text=text,
                fingerprint=fingerprint, created_at=now,
            ),
        )  # fmt: skip
    draft.person_id, draft.text, draft.fingerprint, draft.created_at = (
        person_id, text, fingerprint, now,
    )  # fmt: skip
    await session.flush()
    return draft


async def drop_draft(session: AsyncSession, draft: PlanDraft) -> None:
    await session.delete(draft)
    await session.flush()
