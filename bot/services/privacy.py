"""Personal data (152-ФЗ): forgetting a person, and retention of what the bot keeps.

Forgetting keeps the anonymous facts the figures are made of (the person's role, school and
answers) and removes what identifies them: name, MAX ids, comments, screenshots, messages.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.chats import forget_member_everywhere
from bot.ui.texts import privacy as t
from storage.models import Person
from storage.repo import people
from storage.repo import privacy as repo


async def forget(session: AsyncSession, person: Person, now: datetime, by: str) -> None:
    """Remove the person's personal data; `by` is "self", "admin:<id>" or "operator"."""
    pid = person.id
    await forget_member_everywhere(session, person.max_user_id)  # before the MAX id goes
    person.name = t.FORGOTTEN_NAME
    person.max_user_id = -pid  # frees the MAX id: the same person can join again afresh
    person.chat_id = person.awaiting = person.paused_until = person.unreachable_at = None
    await repo.erase_traces(session, pid, t.FORGOTTEN_NAME)
    people.audit(session, "forget", at=now, actor=by.split(":")[0], person_id=pid, by=by)


async def apply_retention(
    session: AsyncSession, now: datetime, evidence_days: int, messages_days: int
) -> None:
    """Drop screenshots and sent messages (their texts may name people) after their time."""
    await repo.drop_expired(
        session, now - timedelta(days=evidence_days), now - timedelta(days=messages_days)
    )
