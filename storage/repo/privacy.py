"""Personal data (152-ФЗ): the statements behind forgetting a person and retention. What each
column holds and how forgetting treats it is said in `storage/personal_data.py`."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, Text, cast, delete, false, or_, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Audit,
    Base,
    Chat,
    Evidence,
    HelpRequest,
    Invite,
    InviteAttempt,
    Outbox,
    PlanDraft,
    ProcessedUpdate,
    RosterEntry,
    WebhookInbox,
)
from storage.personal_data import Forms, free_text_columns, kept_details, key_patterns

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erasure:
    """Everything that tells where a forgotten person's traces are (gathered before their
    own row is anonymised)."""

    person_id: int
    school_id: int | None
    user_ids: tuple[int, ...]  # their MAX user id
    dialog_ids: tuple[int, ...]  # the chat ids of their dialog with the bot
    roster_entry_ids: tuple[int, ...]  # roster rows that are theirs
    invite_ids: tuple[int, ...]  # the links they joined by
    names: tuple[str, ...]  # their names as the school knew them (MAX's, the roster's)
    forgotten_name: str
    forms: Forms  # their names and comments in free text, and what replaces them

    @property
    def ids(self) -> tuple[int, ...]:
        return (*self.user_ids, *self.dialog_ids)


# --- what tells where the traces are --------------------------------------------------------


async def dialogs_of(session: AsyncSession, person_id: int, user_ids: Collection[int]) -> set[int]:
    """The dialog chat ids the outbox wrote to the person by (a stranger's /start included)."""
    rows = await session.scalars(
        select(Outbox.chat_id)
        .where(or_(Outbox.person_id == person_id, Outbox.user_id.in_(user_ids)))
        .where(Outbox.chat_id.is_not(None))
        .distinct()
    )
    return {int(c) for c in rows if c is not None}


async def comments_of(session: AsyncSession, person_id: int) -> list[str]:
    rows = await session.scalars(
        select(HelpRequest.comment).where(
            HelpRequest.person_id == person_id, HelpRequest.comment.is_not(None)
        )
    )
    return [c for c in rows if c]


async def joined_invites(session: AsyncSession, person_id: int) -> set[int]:
    """The invites the person joined by (from their `join.*` audit rows)."""
    rows = await session.scalars(
        select(Audit.details).where(
            Audit.actor_person_id == person_id, Audit.action.in_(["join.joined", "join.updated"])
        )
    )
    return {d["invite_id"] for d in rows if isinstance(d.get("invite_id"), int)}


async def roster_candidates(
    session: AsyncSession, person_id: int, school_id: int | None, invite_ids: Collection[int]
) -> list[RosterEntry]:
    """Roster rows that may be the person's: linked to them, made for a link they joined by,
    or not linked to anyone in their school (the caller matches those by name)."""
    unlinked = (
        (RosterEntry.school_id == school_id) & RosterEntry.person_id.is_(None)
        if school_id is not None
        else false()
    )
    rows = await session.scalars(
        select(RosterEntry).where(
            or_(
                RosterEntry.person_id == person_id,
                RosterEntry.invite_id.in_(invite_ids),
                unlinked,
            )
        )
    )
    return list(rows)


# --- erasing ---------------------------------------------------------------------------------


def _key_holds(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    patterns = key_patterns(ids)
    return or_(*(column.like(p) for p in patterns)) if patterns else false()


def _inbox_holds(user_ids: Collection[int]) -> ColumnElement[bool]:
    """Updates waiting in the webhook inbox sent by (or naming) one of these MAX users: the
    body is the JSON `bot.max.webhook` stored (`"user_id": <id>` followed by `,` or `}`)."""
    patterns = [f'%"user_id": {uid}{end}%' for uid in user_ids for end in (",", "}")]
    return or_(*(WebhookInbox.body.like(p) for p in patterns)) if patterns else false()


async def erase_traces(session: AsyncSession, e: Erasure) -> None:
    """Remove or anonymise what identifies the person outside their own row (see
    `storage.personal_data.COLUMNS` for each column), then replace their names and comments
    in every free text others see."""
    pid = e.person_id
    await session.execute(
        update(HelpRequest).where(HelpRequest.person_id == pid).values(comment=None)
    )
    await session.execute(
        update(Evidence).where(Evidence.person_id == pid).values(attachment=None, comment=None)
    )
    await _erase_chats(session, e)
    await _erase_roster(session, e)
    await session.execute(
        delete(Outbox).where(
            or_(
                Outbox.person_id == pid,
                Outbox.user_id.in_(e.user_ids),
                Outbox.chat_id.in_(e.dialog_ids),
                _key_holds(Outbox.key, e.ids),
            )
        )
    )
    await session.execute(delete(PlanDraft).where(PlanDraft.person_id == pid))
    await session.execute(delete(InviteAttempt).where(InviteAttempt.max_user_id.in_(e.user_ids)))
    await session.execute(delete(ProcessedUpdate).where(_key_holds(ProcessedUpdate.key, e.ids)))
    await session.execute(delete(WebhookInbox).where(_inbox_holds(e.user_ids)))
    await _anonymise_audit(session, e)
    await rewrite_free_text(session, e.forms)


async def _erase_chats(session: AsyncSession, e: Erasure) -> None:
    """A chat they added to no school (nor authority) is deleted (only they could have
    claimed it; its members' hashes go with it); a school's or an authority's chat forgets
    who added it."""
    theirs = or_(Chat.added_by == e.person_id, Chat.added_by_user_id.in_(e.user_ids))
    nobodys = Chat.school_id.is_(None) & Chat.authority_id.is_(None)
    await session.execute(delete(Chat).where(theirs, nobodys))
    await session.execute(update(Chat).where(theirs).values(added_by=None, added_by_user_id=None))


async def _erase_roster(session: AsyncSession, e: Erasure) -> None:
    """Their roster rows lose name and position; the labels of their links go."""
    entries = list(
        await session.scalars(select(RosterEntry).where(RosterEntry.id.in_(e.roster_entry_ids)))
    )
    for entry in entries:
        entry.full_name, entry.name_key = e.forgotten_name, f"forgotten-{entry.id}"
        entry.position = None
    invite_ids = {*e.invite_ids, *(x.invite_id for x in entries if x.invite_id is not None)}
    named = (
        (Invite.school_id == e.school_id) & Invite.label.in_(e.names)
        if e.school_id is not None and e.names
        else false()
    )
    await session.execute(
        update(Invite).where(or_(Invite.id.in_(invite_ids), named)).values(label=None)
    )
    await session.flush()


def _refers_to(value: Any, ids: Collection[int]) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in ids
    if isinstance(value, str):
        return value in {str(i) for i in ids}
    if isinstance(value, dict):
        return any(_refers_to(v, ids) for v in value.values())
    if isinstance(value, list):
        return any(_refers_to(v, ids) for v in value)
    return False


async def _anonymise_audit(session: AsyncSession, e: Erasure) -> None:
    """Audit rows by the person, or naming their MAX ids (a stranger's wrong codes, a chat
    they added), keep only the details that identify nobody."""
    mentions = [cast(Audit.details, Text).contains(str(i)) for i in e.ids]
    rows = await session.execute(
        select(Audit.id, Audit.actor_person_id, Audit.details).where(
            or_(Audit.actor_person_id == e.person_id, *mentions)
        )
    )
    for row_id, actor, details in rows.all():
        details = details or {}
        if actor != e.person_id and not _refers_to(details, e.ids):
            continue
        kept = kept_details(details)
        if kept != details:
            await session.execute(update(Audit).where(Audit.id == row_id).values(details=kept))


async def rewrite_free_text(session: AsyncSession, forms: Forms) -> None:
    """In every column `storage.personal_data` marks as free text, in every row: the
    person's names and comments replaced; where a row named them, its `clears` emptied."""
    for table_name, column_name, rule in free_text_columns():
        table = Base.metadata.tables[table_name]
        column = table.c[column_name]
        is_json = isinstance(column.type, JSON)
        needles = forms.needles(json_text=is_json)
        if not needles:
            continue
        searched = cast(column, Text) if is_json else column
        [key] = table.primary_key.columns
        rows = await session.execute(
            select(key, column).where(
                or_(*(searched.contains(n, autoescape=True) for n in needles))
            )
        )
        for row_id, value in rows.all():
            new = forms.rewrite(value)
            if new == value:
                continue
            values = {column_name: new, **dict.fromkeys(rule.clears)}
            await session.execute(update(table).where(key == row_id).values(values))


async def scrub_files(session: AsyncSession) -> None:
    """SQLite: after an erasure is committed, copy the WAL into the database file and empty
    it (with `secure_delete` on every connection, the freed bytes are already zeros). A
    no-op on PostgreSQL (see README: VACUUM and backups)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    try:
        busy, wal_pages, copied = (
            await session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        ).one()
    except OperationalError as exc:  # still inside a transaction (a caller's, a test's)
        log.warning("WAL checkpoint after an erasure not run: %s", exc.orig)
        return
    if busy:
        log.warning(
            "WAL checkpoint after an erasure was blocked by a reader (%s of %s pages copied); "
            "the next checkpoint overwrites the rest",
            copied,
            wal_pages,
        )


# --- retention -------------------------------------------------------------------------------


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
