"""Personal data (152-ФЗ): forgetting a person, and retention of what the bot keeps.

Forgetting keeps the anonymous facts the figures are made of (the person's role, school and
answers) and removes what identifies them: name, MAX ids, comments, screenshots, messages.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, Evidence, HelpRequest, Invite, Outbox, Person, RosterEntry
from storage.repo import people

FORGOTTEN_NAME = "Удалённый пользователь"


async def forget(session: AsyncSession, person: Person, now: datetime, by: str) -> None:
    """Remove the person's personal data; `by` is "self", "admin:<id>" or "operator"."""
    pid = person.id
    person.name = FORGOTTEN_NAME
    person.max_user_id = -pid  # frees the MAX id: the same person can join again afresh
    person.chat_id = person.awaiting = person.paused_until = person.unreachable_at = None
    await session.execute(
        update(HelpRequest).where(HelpRequest.person_id == pid).values(comment=None)
    )
    await session.execute(
        update(Evidence).where(Evidence.person_id == pid).values(attachment=None, comment=None)
    )
    await session.execute(update(Chat).where(Chat.added_by == pid).values(added_by_user_id=None))
    entries = (
        (
            await session.execute(
                update(RosterEntry)
                .where(RosterEntry.person_id == pid)
                .values(full_name=FORGOTTEN_NAME, position=None, name_key="forgotten-" + str(pid))
                .returning(RosterEntry.invite_id)
            )
        )
        .scalars()
        .all()
    )
    invite_ids = [i for i in entries if i is not None]
    if invite_ids:
        await session.execute(update(Invite).where(Invite.id.in_(invite_ids)).values(label=None))
    await session.execute(delete(Outbox).where(Outbox.person_id == pid))
    people.audit(session, "forget", at=now, actor=by.split(":")[0], person_id=pid, by=by)


async def apply_retention(
    session: AsyncSession, now: datetime, evidence_days: int, messages_days: int
) -> None:
    """Drop screenshots and sent messages (their texts may name people) after their time."""
    evidence_before = now - timedelta(days=evidence_days)
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
            Outbox.created_at < now - timedelta(days=messages_days),
            (Outbox.sent_at.is_not(None)) | (Outbox.dropped_at.is_not(None)),
        )
    )
