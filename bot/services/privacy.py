"""Personal data (152-ФЗ): forgetting a person, and retention of what the bot keeps.

Forgetting keeps the anonymous facts the figures are made of (the person's role, school and
answers) and removes what identifies them wherever it is: name, MAX ids, comments,
screenshots, messages to them and texts naming them for others, their roster row and links,
audit details, wrong codes, update keys, chats they added (the per-column rules are in
`storage/personal_data.py`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.roster import names_match
from bot.services.chats import forget_member_everywhere
from bot.ui.texts import privacy as t
from storage.db import commit_now
from storage.models import Person
from storage.personal_data import Forms
from storage.repo import people
from storage.repo import privacy as repo


async def forget(session: AsyncSession, person: Person, now: datetime, by: str) -> None:
    """Remove the person's personal data everywhere (`storage/personal_data.py` says what
    happens to each column); `by` is "self", "admin:<id>" or "operator". Commits: the erasure
    must be in the database file before the file is scrubbed (SQLite: the WAL is emptied)."""
    pid, user_ids = person.id, (person.max_user_id,)
    dialogs = await repo.dialogs_of(session, pid, user_ids)
    if person.chat_id is not None:
        dialogs.add(person.chat_id)
    joined = await repo.joined_invites(session, pid)
    entries = [
        e
        for e in await repo.roster_candidates(session, pid, person.school_id, joined)
        if e.person_id == pid or e.invite_id in joined or names_match(person.name, e.full_name)
    ]
    names = tuple({person.name, *(e.full_name for e in entries)} - {t.FORGOTTEN_NAME})
    comments = await repo.comments_of(session, pid)
    erasure = repo.Erasure(
        person_id=pid, school_id=person.school_id, user_ids=user_ids,
        dialog_ids=tuple(sorted(dialogs)), roster_entry_ids=tuple(e.id for e in entries),
        invite_ids=tuple(sorted(joined)), names=names, forgotten_name=t.FORGOTTEN_NAME,
        forms=Forms(names, comments, t.FORGOTTEN_NAME, t.ERASED),
    )  # fmt: skip
    await forget_member_everywhere(session, person.max_user_id)  # before the MAX id goes
    person.name = t.FORGOTTEN_NAME
    person.max_user_id = -pid  # frees the MAX id: the same person can join again afresh
    person.chat_id = person.awaiting = person.paused_until = person.unreachable_at = None
    person.seen_at = None  # when they last wrote to the bot
    await repo.erase_traces(session, erasure)
    people.audit(session, "forget", at=now, actor=by.split(":")[0], person_id=pid, by=by)
    await commit_now(session)  # the erasure is in the file before the file is scrubbed
    await repo.scrub_files(session)


async def apply_retention(
    session: AsyncSession, now: datetime, evidence_days: int, messages_days: int
) -> None:
    """Drop screenshots and sent messages (their texts may name people) after their time."""
    await repo.drop_expired(
        session, now - timedelta(days=evidence_days), now - timedelta(days=messages_days)
    )
