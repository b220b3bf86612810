"""Personal data (152-ФЗ): the statements behind forgetting a person and retention."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, Evidence, HelpRequest, Invite, Outbox, PlanDraft, RosterEntry


async def erase_traces(session: AsyncSession, person_id: int, forgotten_name: str) -> None:
    """Remove what identifies the person outside their own row: help comments, screenshots
    and their comments, who added a class chat, their roster entry (and its invite's label),
    their messages in the outbox and a roadmap draft they sent."""
    await session.execute(
        update(HelpRequest).where(HelpRequest.person_id == person_id).values(comment=None)
    )
    await session.execute(
        update(Evidence)
        .where(Evidence.person_id == person_id)
        .values(attachment=None, comment=None)
    )
    await session.execute(
        update(Chat).where(Chat.added_by == person_id).values(added_by_user_id=None)
    )
    entries = (
        (
            await session.execute(
                update(RosterEntry)
                .where(RosterEntry.person_id == person_id)
                .values(
                    full_name=forgotten_name,
                    position=None,
                    name_key="forgotten-" + str(person_id),
                )
                .returning(RosterEntry.invite_id)
            )
        )
        .scalars()
        .all()
    )
    invite_ids = [i for i in entries if i is not None]
    if invite_ids:
        await session.execute(update(Invite).where(Invite.id.in_(invite_ids)).values(label=None))
    await session.execute(delete(Outbox).where(Outbox.person_id == person_id))
    await session.execute(delete(PlanDraft).where(PlanDraft.person_id == person_id))


async def drop_expired(
    session: AsyncSession, evidence_before: datetime, messages_before: datetime
) -> None:
    """Drop screenshots (as evidence and in the outbox) created before `evidence_before`, and
    sent or dropped outbox messages created before `messages_before`."""
    await session.execute(
        update(Evidence)
        .where(Evidence.created_at < evidence_before, Evidence.attachment.is_not(None))
        .values(attachment=None)
    )
    await session.execute(
        update(Outbox)
        .where(Outbox.created_at < evidence_before, Outbox.image.is_not(None))
        .values(image=None)
    )
    await session.execute(
        delete(Outbox).where(
            Outbox.created_at < messages_before,
            (Outbox.sent_at.is_not(None)) | (Outbox.dropped_at.is_not(None)),
        )
    )
