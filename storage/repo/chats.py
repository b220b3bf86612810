"""The group chats the bot was added to, and who is in the class chats (as keyed hashes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.coverage import COUNTED_PURPOSES, ChatCount, Member
from bot.vocab import OFFICIAL_CHANNEL
from storage.models import Chat, ChatMember, Person, SchoolClass
from storage.repo.people import STILL_HERE


async def chat_by_max_id(session: AsyncSession, chat_id: int) -> Chat | None:
    return await session.scalar(select(Chat).where(Chat.chat_id == chat_id))


async def unclaimed_of(session: AsyncSession, max_user_id: int) -> list[Chat]:
    """Chats this MAX user added the bot to (or owns) while not registered: no school yet."""
    rows = await session.scalars(
        select(Chat)
        .where(
            Chat.added_by_user_id == max_user_id,
            Chat.school_id.is_(None),
            Chat.added_by.is_(None),
            Chat.removed_at.is_(None),
        )
        .order_by(Chat.id)
    )
    return list(rows)


async def authority_channel(session: AsyncSession, authority_id: int) -> Chat | None:
    """The authority's official channel the bot administers now (the latest recorded)."""
    return await session.scalar(
        select(Chat)
        .where(
            Chat.authority_id == authority_id,
            Chat.channel.is_(True),
            Chat.purpose == OFFICIAL_CHANNEL,
            Chat.bot_admin.is_(True),
            Chat.removed_at.is_(None),
        )
        .order_by(Chat.added_at.desc(), Chat.id.desc())
        .limit(1)
    )


async def get_chat(session: AsyncSession, row_id: int) -> Chat | None:
    return await session.get(Chat, row_id)


async def upsert_chat(
    session: AsyncSession,
    *,
    chat_id: int,
    title: str | None,
    school_id: int | None,
    added_by: int | None,
    added_by_user_id: int | None,
    added_at: datetime,
    channel: bool = False,
    authority_id: int | None = None,
) -> Chat:
    """Record that the bot is in `chat_id` (again): the adder and time are updated, the row's
    purpose is kept, a removal is cleared. A title of None does not erase a known title."""
    chat = await chat_by_max_id(session, chat_id)
    if chat is None:
        chat = Chat(chat_id=chat_id)
        session.add(chat)
    if title is not None or chat.title is None:
        chat.title = title
    chat.channel = channel
    chat.school_id, chat.authority_id = school_id, authority_id
    chat.added_by = added_by
    chat.added_by_user_id = added_by_user_id
    chat.added_at = added_at
    chat.removed_at = None
    await session.flush()
    return chat


# --- who is in a chat ----------------------------------------------------------------------


async def members_of(session: AsyncSession, chat_row_id: int) -> list[Member]:
    rows = await session.execute(
        select(ChatMember.member, ChatMember.last_access_at).where(
            ChatMember.chat_row_id == chat_row_id
        )
    )
    return [Member(key, last) for key, last in rows]


async def replace_members(
    session: AsyncSession,
    chat_row_id: int,
    members: Sequence[tuple[str, datetime | None, datetime | None]],
    now: datetime,
) -> None:
    """The chat's members are exactly `members` (key, joined, last access) as MAX listed them:
    whoever is no longer listed is forgotten."""
    await session.execute(delete(ChatMember).where(ChatMember.chat_row_id == chat_row_id))
    unique = {key: (joined, last) for key, joined, last in members}
    session.add_all(
        ChatMember(chat_row_id=chat_row_id, member=key, joined_at=joined, last_access_at=last,
                   seen_at=now)
        for key, (joined, last) in unique.items()
    )  # fmt: skip
    await session.flush()


async def add_member(
    session: AsyncSession, chat_row_id: int, key: str, joined_at: datetime, now: datetime
) -> None:
    row = await session.scalar(
        select(ChatMember).where(ChatMember.chat_row_id == chat_row_id, ChatMember.member == key)
    )
    if row is None:
        session.add(ChatMember(chat_row_id=chat_row_id, member=key, joined_at=joined_at,
                               last_access_at=joined_at, seen_at=now))  # fmt: skip
    else:
        row.seen_at, row.last_access_at = now, joined_at
    await session.flush()


async def drop_member(session: AsyncSession, chat_row_id: int, key: str) -> None:
    await session.execute(
        delete(ChatMember).where(ChatMember.chat_row_id == chat_row_id, ChatMember.member == key)
    )


async def drop_members(session: AsyncSession, chat_row_id: int) -> None:
    await session.execute(delete(ChatMember).where(ChatMember.chat_row_id == chat_row_id))


async def forget_member(session: AsyncSession, key: str) -> int:
    """Erasure: the person's hash leaves every chat. Returns rows deleted."""
    result = await session.execute(delete(ChatMember).where(ChatMember.member == key))
    return int(getattr(result, "rowcount", 0) or 0)


async def forget_unseen(session: AsyncSession, before: datetime) -> None:
    """Retention: members of chats the bot has not been able to read since `before` (it lost
    its rights or left) are forgotten; the chat's last counts stay."""
    stale = select(Chat.id).where(
        or_(Chat.removed_at.is_not(None), Chat.counted_at.is_(None), Chat.counted_at < before)
    )
    await session.execute(delete(ChatMember).where(ChatMember.chat_row_id.in_(stale)))


async def staff_user_ids(session: AsyncSession, school_id: int) -> list[int]:
    """The MAX ids of the school's people still working there (not counted as parents)."""
    rows = await session.scalars(
        select(Person.max_user_id).where(Person.school_id == school_id, STILL_HERE)
    )
    return list(rows)


async def due_for_refresh(session: AsyncSession, now: datetime, limit: int) -> list[Chat]:
    """Chats the bot is in whose rights and members are due to be read, oldest first."""
    rows = await session.scalars(
        select(Chat)
        .where(Chat.removed_at.is_(None), Chat.refresh_at.is_not(None), Chat.refresh_at <= now)
        .order_by(Chat.refresh_at, Chat.id)
        .limit(limit)
    )
    return list(rows)


async def class_chat_counts(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, list[ChatCount]]:
    """Per school: its open classes' students' and parents' chats the bot is in, with what
    was last counted (present None: not counted yet)."""
    out: dict[int, list[ChatCount]] = defaultdict(list)
    if not school_ids:
        return out
    rows = await session.execute(
        select(
            SchoolClass.school_id,
            SchoolClass.id,
            SchoolClass.label,
            SchoolClass.size,
            Chat.purpose,
            Chat.present,
            Chat.active,
        )
        .join(Chat, Chat.class_id == SchoolClass.id)
        .where(
            SchoolClass.school_id.in_(list(school_ids)),
            SchoolClass.closed_at.is_(None),
            Chat.removed_at.is_(None),
            Chat.purpose.in_(list(COUNTED_PURPOSES)),
        )
        .order_by(SchoolClass.id, Chat.id)
    )
    for school_id, class_id, label, size, purpose, present, active in rows:
        out[school_id].append(ChatCount(class_id, label, size, purpose or "", present, active))
    return out


async def class_sizes(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, dict[str, int | None]]:
    """Per school: every open class's label and size (None: not known)."""
    out: dict[int, dict[str, int | None]] = defaultdict(dict)
    if not school_ids:
        return out
    rows = await session.execute(
        select(SchoolClass.school_id, SchoolClass.label, SchoolClass.size)
        .where(SchoolClass.school_id.in_(list(school_ids)), SchoolClass.closed_at.is_(None))
        .order_by(SchoolClass.id)
    )
    for school_id, label, size in rows:
        out[school_id][label] = size
    return out
