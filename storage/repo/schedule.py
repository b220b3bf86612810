"""Scheduled work: the outbox, reminder/escalation logs, help requests, digest snapshots."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Result, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.text import split_html
from storage.models import (
    Authority,
    DigestSnapshot,
    Escalation,
    HelpRequest,
    JobRun,
    Outbox,
    Person,
    ReminderLog,
    School,
)
from storage.repo import answer_key, inserted

CHANNEL_POST = "channel"
"""The kind of an outbox row posted into a channel (its `chat_id`), to nobody's dialog: it has
no person, and `user_id` holds the channel's id too."""


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE/DELETE/INSERT matched (its result is a CursorResult at run time)."""
    return cast(CursorResult[Any], result).rowcount


def _insert_ignore(session: AsyncSession, model: Any, returning: bool) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING [RETURNING <key>] for the session's database."""
    return _insert_ignore_into(session.get_bind().dialect.name, model.__table__, returning)


@functools.cache
def _insert_ignore_into(dialect: str, table: Any, returning: bool) -> Insert:
    # Built once per table (every update's claim is one): statements are immutable.
    module = postgresql if dialect == "postgresql" else sqlite
    # A Core insert into the table: the ORM's bulk insert costs several times more per row.
    statement: Insert = module.insert(table).on_conflict_do_nothing()
    return statement.returning(*table.primary_key.columns) if returning else statement


async def insert_ignore(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> int:
    """Insert rows, skipping those whose unique key exists; returns how many were new."""
    if not rows:
        return 0
    await session.flush()  # pending ORM changes first, as an ORM insert would autoflush them
    if session.get_bind().dialect.supports_sane_multi_rowcount:
        # SQLite counts the rows an executemany inserted (a skipped one changes nothing):
        # cheaper than RETURNING, which makes SQLAlchemy batch the rows into long statements.
        result = await session.execute(_insert_ignore(session, model, False), rows)
        return rowcount(result)
    result = await session.execute(_insert_ignore(session, model, True), rows)
    return len(result.all())


# --- outbox --------------------------------------------------------------------------------


PART = "#"  # a message over MAX's limit: its parts after the first are `key#2`, `key#3`…


def part_key(key: str, n: int) -> str:
    """The key of part `n` (from 1) of the message queued under `key`."""
    return key if n == 1 else f"{key[: 128 - 4]}{PART}{n}"


def previous_part(key: str) -> str | None:
    """The key of the part sent before this one (None for a message's first part)."""
    base, sep, n = key.rpartition(PART)
    if not sep or not n.isdigit() or int(n) < 2:
        return None
    return base if n == "2" else f"{base}{PART}{int(n) - 1}"


def next_part(key: str) -> str:
    base, sep, n = key.rpartition(PART)
    if sep and n.isdigit() and int(n) >= 2:
        return f"{base}{PART}{int(n) + 1}"
    return part_key(key, 2)


def _parts(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A message as the rows of its parts: one row when it fits MAX's limit, else one per part
    (`bot.rules.text.split_html`), the image on the first, the buttons on the last."""
    texts = split_html(row["text"])
    if len(texts) == 1:
        return [row]
    last = len(texts)
    return [
        row
        | dict(
            key=part_key(row["key"], n),
            text=text,
            image=row.get("image") if n == 1 else None,
            buttons=row.get("buttons", []) if n == last else [],
        )
        for n, text in enumerate(texts, 1)
    ]


async def enqueue(session: AsyncSession, **fields: Any) -> bool:
    """Queue one message under a unique key; False when that key was queued before. A text
    over MAX's limit is queued as its parts, each a row of its own (see `_parts`)."""
    return await enqueue_many(session, [fields]) == 1


async def enqueue_many(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Queue many messages at once; returns how many keys (messages) were new. A message's
    parts are written with it, in order, so a message is queued whole or not at all."""
    expanded = [_parts(row) for row in rows]
    if all(len(parts) == 1 for parts in expanded):
        return await insert_ignore(session, Outbox, rows)
    split = [parts[0]["key"] for parts in expanded if len(parts) > 1]
    await session.flush()
    known = set(await session.scalars(select(Outbox.key).where(Outbox.key.in_(split))))
    new = await insert_ignore(session, Outbox, [part for parts in expanded for part in parts])
    # The rows of the parts after the first of a new message, not counted as messages.
    return new - sum(len(parts) - 1 for parts in expanded if parts[0]["key"] not in known
                     and len(parts) > 1)  # fmt: skip


async def part_waits(session: AsyncSession, row: Outbox) -> datetime | None:
    """When a later part of a message may go: None when the part before it is sent (or
    `row` is a first part), else the time that part is due (sent first, in order)."""
    before = previous_part(row.key)
    if before is None:
        return None
    found = (
        await session.execute(
            select(Outbox.sent_at, Outbox.dropped_at, Outbox.next_attempt_at).where(
                Outbox.key == before
            )
        )
    ).first()
    if found is None or found.sent_at is not None or found.dropped_at is not None:
        return None
    return cast(datetime, found.next_attempt_at)


async def postpone(session: AsyncSession, outbox_id: int, until: datetime) -> None:
    await session.execute(
        update(Outbox).where(Outbox.id == outbox_id).values(next_attempt_at=until)
    )


async def due_messages(
    session: AsyncSession,
    now: datetime,
    limit: int,
    keys: list[str] | None = None,
    kind: str | None = None,
) -> list[Outbox]:
    """Unsent, undropped messages whose time has come, to people who are reachable and still
    work at their school."""
    query = (
        select(Outbox)
        .outerjoin(Person, Person.id == Outbox.person_id)
        .where(
            Outbox.sent_at.is_(None),
            Outbox.dropped_at.is_(None),
            Outbox.next_attempt_at <= now,
            Person.unreachable_at.is_(None),
            # marked as gone: nothing more is sent to them but the answers to what they write
            or_(Person.left_at.is_(None), Outbox.kind == "reply"),
        )
    )
    if keys is not None:
        query = query.where(Outbox.key.in_(keys))
    if kind is not None:
        query = query.where(Outbox.kind == kind)
    rows = await session.scalars(query.order_by(Outbox.next_attempt_at, Outbox.id).limit(limit))
    return list(rows)


async def zone_of(session: AsyncSession, person_id: int) -> str | None:
    """The time zone a person is messaged in: their school's, else their authority's."""
    return cast(
        str | None,
        await session.scalar(
            select(func.coalesce(School.tz, Authority.tz))
            .select_from(Person)
            .outerjoin(School, School.id == Person.school_id)
            .outerjoin(Authority, Authority.id == Person.authority_id)
            .where(Person.id == person_id)
        ),
    )


async def next_reply_retry(session: AsyncSession, since: datetime) -> datetime | None:
    """When the earliest reply waiting for a quick retry is due (None: none waits): unsent,
    undropped, written at or after `since`, to a reachable person (the rows
    `due_messages(kind="reply")` will take when their time comes), and either failed before
    or not being sent now (a later part waiting for its first); not a first send in flight."""
    return cast(
        datetime | None,
        await session.scalar(
            select(func.min(Outbox.next_attempt_at))
            .outerjoin(Person, Person.id == Outbox.person_id)
            .where(
                Outbox.kind == "reply",
                Outbox.sent_at.is_(None),
                Outbox.dropped_at.is_(None),
                or_(Outbox.attempts > 0, Outbox.claimed_at.is_(None)),
                Outbox.created_at >= since,
                Person.unreachable_at.is_(None),
            )
        ),
    )


async def mark_unreachable(session: AsyncSession, row: Outbox, now: datetime) -> None:
    """MAX refused delivery (blocked bot, removed dialog): drop this message and stop
    sending to the person until they write to the bot again."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id == row.id)
        .values(dropped_at=now, last_error="unreachable", claimed_at=None)
    )
    if row.person_id is not None:
        await session.execute(
            update(Person).where(Person.id == row.person_id).values(unreachable_at=now)
        )


async def claim(session: AsyncSession, outbox_id: int, now: datetime, until: datetime) -> bool:
    """Take a due message for sending (atomically: one sender wins); it is retried after
    `until` if the sender dies before marking it sent or failed."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.sent_at.is_(None), Outbox.next_attempt_at <= now)
        .values(next_attempt_at=until, claimed_at=now)
    )
    return rowcount(result) == 1


async def mark_sent(session: AsyncSession, outbox_id: int, now: datetime) -> None:
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id)
        .values(sent_at=now, attempts=Outbox.attempts + 1, last_error=None, claimed_at=None)
    )


async def mark_failed(
    session: AsyncSession, outbox_id: int, error: str, retry_at: datetime
) -> None:
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id)
        .values(attempts=Outbox.attempts + 1, last_error=error[:500], next_attempt_at=retry_at)
        # claimed_at stays: MAX may have stored the message before failing (a 5xx or a
        # timeout after the write), so the next attempt first looks for it in the dialog.
    )


# --- once-only markers ---------------------------------------------------------------------


async def job_done(session: AsyncSession, key: str) -> bool:
    return await session.get(JobRun, key) is not None


async def mark_job(session: AsyncSession, key: str, now: datetime) -> bool:
    return await insert_ignore(session, JobRun, [{"key": key, "at": now}]) == 1


async def jobs_done(session: AsyncSession, keys: Collection[str]) -> set[str]:
    """Which of `keys` are done, in one query."""
    if not keys:
        return set()
    c = JobRun.__table__.c
    rows = await session.scalars(select(c.key).where(c.key.in_(list(keys))))
    return set(rows)


async def mark_jobs(session: AsyncSession, keys: Collection[str], now: datetime) -> int:
    return await insert_ignore(session, JobRun, [{"key": key, "at": now} for key in keys])


async def reminded_in_schools(
    session: AsyncSession, school_ids: Collection[int], since: date | None = None
) -> dict[int, dict[str, set[str]]]:
    """person id -> {kind -> answer keys} already reminded, for everyone in these schools;
    only reminders of local dates from `since` on when given."""
    r, p = ReminderLog.__table__.c, Person.__table__.c  # Core: plain rows
    # One row a person and kind ("key,key,…"): a region's day reads a few hundred thousand
    # reminders, and a row (or a tuple a reminder) costs far more than splitting a string.
    query = (
        select(r.person_id, r.kind, func.aggregate_strings(answer_key(r.item_code, r.period), ","))
        .join(Person.__table__, p.id == r.person_id)
        .where(p.school_id.in_(list(school_ids)))
        .group_by(r.person_id, r.kind)
    )
    if since is not None:
        query = query.where(r.local_date >= since)
    out: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for person_id, kind, joined in await session.execute(query):
        out[person_id][kind] = set(joined.split(","))
    return out


async def escalated_in_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, set[str]]:
    """person id -> {answer key} already escalated, for everyone in these schools."""
    e, p = Escalation.__table__.c, Person.__table__.c  # Core: plain rows
    rows = await session.execute(
        select(e.person_id, func.aggregate_strings(answer_key(e.item_code, e.period), ","))
        .join(Person.__table__, p.id == e.person_id)
        .where(p.school_id.in_(list(school_ids)))
        .group_by(e.person_id)
    )  # one row a person, as in `reminded_in_schools`
    return {person_id: set(joined.split(",")) for person_id, joined in rows}


# --- help requests -------------------------------------------------------------------------


async def add_help_request(session: AsyncSession, **fields: Any) -> HelpRequest:
    return await inserted(session, HelpRequest(**fields))


async def open_help_request(
    session: AsyncSession, person_id: int, item_code: str
) -> HelpRequest | None:
    """The person's unresolved help request on the item, if any (the newest)."""
    return await session.scalar(
        select(HelpRequest)
        .where(
            HelpRequest.person_id == person_id,
            HelpRequest.item_code == item_code,
            HelpRequest.handled_at.is_(None),
        )
        .order_by(HelpRequest.id.desc())
        .limit(1)
    )


async def get_help_request(session: AsyncSession, request_id: int) -> HelpRequest | None:
    return await session.get(HelpRequest, request_id)


async def held_messages(session: AsyncSession, key_prefix: str) -> list[Outbox]:
    """Queued messages under `key_prefix` not sent (nor being sent) yet, e.g. a help request's
    notices held for the person's comment."""
    rows = await session.scalars(
        select(Outbox).where(
            Outbox.key.startswith(key_prefix, autoescape=True),
            Outbox.sent_at.is_(None),
            Outbox.dropped_at.is_(None),
            Outbox.claimed_at.is_(None),
        )
    )
    return list(rows)


async def open_help_requests_of_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, list[HelpRequest]]:
    """school id -> its open help requests, oldest first, for many schools in one query."""
    rows = await session.scalars(
        select(HelpRequest)
        .where(HelpRequest.school_id.in_(list(school_ids)), HelpRequest.handled_at.is_(None))
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )
    out: dict[int, list[HelpRequest]] = defaultdict(list)
    for request in rows:
        out[request.school_id].append(request)
    return out


# --- digests -------------------------------------------------------------------------------


async def latest_snapshots_before(
    session: AsyncSession, weeks: dict[int, str]
) -> dict[int, DigestSnapshot]:
    """school id -> its latest snapshot before the week given for it (`weeks`: school id ->
    week), for many schools in one query; schools without one are left out."""
    if not weeks:
        return {}
    rows = await session.scalars(
        select(DigestSnapshot)
        .where(
            DigestSnapshot.school_id.in_(list(weeks)),
            DigestSnapshot.week < max(weeks.values()),
        )
        .order_by(DigestSnapshot.school_id, DigestSnapshot.week)
    )
    out: dict[int, DigestSnapshot] = {}
    for row in rows:
        if row.week < weeks[row.school_id]:
            out[row.school_id] = row  # the latest so far, in week order
    return out


async def save_snapshots(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert many snapshots (school_id, week, percent, figures, created_at) once each."""
    await insert_ignore(session, DigestSnapshot, rows)
