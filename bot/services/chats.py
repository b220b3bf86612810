"""Group chats the bot is added to. MAX offers no way to list a bot's chats later, so every
`bot_added` is recorded (and `bot_removed` marks the row, which is kept).

A class teacher confirms a chat item (`item.evidence == "chat"`) by adding the bot to that
chat: they are asked in their dialog what the chat is for (and of which class), and the
matching item is marked done and verified (verified_by None = by the bot). The bot never
writes into the group itself.

Channels. A channel (`is_channel`) is recorded too (`chat.channel`), never asked about and
never counted. One that a school's administrator adds the bot to is the school's official
channel, one that an authority's person adds it to the authority's (`chat.authority_id`) —
once the bot is an administrator of it (at once, or when MAX says its rights changed and the
chat is read again: `refresh_chat`): then `chat.purpose` = "official", the school's channel
items (`item.evidence == "channel"`) are done and verified (`school_answer.verification`),
and the adder is told once in their dialog. Until then they are told, once, how to make the
bot an administrator. The bot writes into a channel only what the authority publishes from
`/announce` (`bot.services.announce`).

Counting. Where the bot is an administrator MAX shows it the chat's members and tells it who
joins and leaves (`user_added` / `user_removed`). The bot keeps each member as a keyed hash of
their MAX id (`member_key`), counts members minus bots minus the school's staff
(`bot.rules.coverage`) on every arrival and departure, and reads every chat again about once
a day (`refresh_chat`, driven by `bot.jobs.scheduler.Ticker.refresh_chats` on a low-priority
queue of its own): its rights (`GET /chats/{id}/members/me`, also at once when
`bot_admin_permissions_changed` arrives) and, with them, its members.

Privacy. No names or phone numbers of students or parents are stored: only the hashes (HMAC
with `MEMBER_HASH_KEY`, or a key the bot makes and keeps in `bot_state`), kept while the member
is in the chat and the bot can see it; a chat the bot cannot read for
`MEMBERS_KEPT_DAYS` days, or has left, keeps its last counts and loses its hashes.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utcnow
from bot.config import get_settings
from bot.max.chats import ChatFacts, SeenMember
from bot.rules.checklist import ItemState
from bot.rules.coverage import (
    Coverage,
    SchoolCoverage,
    class_coverage,
    count_members,
    member_key,
    school_coverage,
)
from bot.rules.progress import item_title
from bot.rules.schedule import Policy
from bot.rules.verify import Mark
from bot.services.checklist import has_checklist, load_view
from bot.services.outbox import first_allowed_moment, queue
from bot.ui.keyboards.announce import channel_keyboard
from bot.ui.keyboards.checklist import menu_keyboard
from bot.ui.texts import chats as chat_texts
from bot.vocab import OFFICIAL_CHANNEL, Evidence, Role, Status, Verification
from storage.models import Chat, Person
from storage.repo import chats as repo
from storage.repo import people, state, verify

OTHER = "other"  # Chat.purpose of a chat that closes no item


@dataclass(frozen=True)
class ChatChoice:
    """One answer offered to "what is this chat for?": a purpose, for one class."""

    purpose: str
    class_id: int | None = None  # None: an item that is not a class's
    class_label: str | None = None


def open_chat_choices(
    states: list[ItemState], verifications: dict[str, str | None]
) -> list[ChatChoice]:
    """The person's chat items not yet confirmed (not "na"), one choice per purpose and
    class, in plan order."""
    out: list[ChatChoice] = []
    for s in states:
        item = s.item
        if item.evidence != Evidence.CHAT or item.chat_purpose is None or s.status == Status.NA:
            continue
        if s.status == Status.DONE and verifications.get(s.key) == Verification.VERIFIED:
            continue
        class_id = s.slot.class_id if s.slot is not None else None
        choice = ChatChoice(item.chat_purpose, class_id, s.class_label if class_id else None)
        if choice not in out:
            out.append(choice)
    return out


def _forget_group_as_dialog(person: Person | None, chat_id: int) -> None:
    """The context middleware takes the `chat_id` of bot_added/bot_removed for the person's
    dialog; a group chat must not be used to reconcile their outbox messages."""
    if person is not None and person.chat_id == chat_id:
        person.chat_id = None


@dataclass(frozen=True)
class Official:
    """A channel just recorded as an official one."""

    for_authority: bool  # the authority's channel (else a school's)
    items: list[str]  # the titles of the school's items it confirmed


@dataclass(frozen=True)
class AddedResult:
    chat: Chat
    ask: list[ChatChoice]  # what to offer the person who added the bot; [] = stay silent
    rights_hint: bool = False  # tell them to make the bot an administrator of the chat
    official: Official | None = None  # a channel recorded as the school's / authority's
    adder: Person | None = None


def channel_owner(person: Person | None) -> tuple[int | None, int | None] | None:
    """(school id, authority id) whose official channel a channel `person` adds the bot to
    is: a school administrator's school, an authority person's authority; None for anyone
    else (a teacher's channel, a stranger's: only recorded)."""
    if person is None or person.left_at is not None:
        return None
    if person.role == Role.ADMIN and person.school_id is not None:
        return person.school_id, None
    if person.role == Role.AUTHORITY and person.authority_id is not None:
        return None, person.authority_id
    return None


async def make_official(
    session: AsyncSession, chat: Chat, person: Person, now: datetime
) -> Official | None:
    """The bot is an administrator of `chat`, a channel of `person`'s school or authority:
    record it as the official one and confirm the school's channel items. None when it was
    recorded so before (nothing new to tell)."""
    if not chat.channel or chat.purpose == OFFICIAL_CHANNEL or channel_owner(person) is None:
        return None
    chat.purpose = OFFICIAL_CHANNEL
    codes: list[str] = []
    titles: list[str] = []
    if chat.school_id is not None and has_checklist(person):
        view = await load_view(session, person, now)
        for state in view.states:
            item = state.item
            if item.evidence != Evidence.CHANNEL or state.mark in (Mark.VERIFIED, Mark.NA):
                continue
            period = state.slot.period if state.slot is not None else ""
            await people.set_school_answer(
                session, chat.school_id, item.code, Status.DONE, now, person.id, period
            )
            await people.verify_school_answer(session, chat.school_id, item.code, now, period)
            codes.append(item.code)
            titles.append(item.title)
    people.audit(
        session, "chat.official", at=now, person_id=person.id, chat=chat.chat_id,
        school_id=chat.school_id, authority_id=chat.authority_id, items=codes,
    )  # fmt: skip
    return Official(chat.authority_id is not None, titles)


async def bot_added(
    session: AsyncSession,
    person: Person | None,
    *,
    chat_id: int,
    user_id: int,
    title: str | None,
    is_channel: bool,
    now: datetime,
    bot_admin: bool | None = None,
    participants: int | None = None,
) -> AddedResult:
    """Record the chat; when the adder has chat items still to confirm, say which to offer;
    a channel of the adder's school or authority becomes its official one once the bot is an
    administrator of it. Its members are read at the next refresh (due at once)."""
    _forget_group_as_dialog(person, chat_id)
    owner = channel_owner(person) if is_channel else None
    chat = await repo.upsert_chat(
        session, chat_id=chat_id, title=title,
        school_id=person.school_id if person is not None else None,
        added_by=person.id if person is not None else None,
        added_by_user_id=user_id, added_at=now, channel=is_channel,
        authority_id=owner[1] if owner is not None else None,
    )  # fmt: skip
    people.audit(
        session, "chat.added", at=now, person_id=person.id if person else None,
        chat=chat_id, user=user_id, title=title, channel=is_channel,
    )  # fmt: skip
    chat.bot_admin, chat.participants, chat.refresh_at = bot_admin, participants, now
    if is_channel:
        return await _channel_added(session, person, chat, owner, now)
    ask = await _ask(session, person, chat, now)
    # Without administrator rights MAX shows the bot neither the members nor who joins: a
    # school's teacher is told once, when they add it (not a stranger).
    hint = (
        bot_admin is False and person is not None and chat.school_id is not None
        and chat.rights_told_at is None
    )  # fmt: skip
    if hint:
        chat.rights_told_at = now
    return AddedResult(chat, ask, hint, adder=person)


async def _channel_added(
    session: AsyncSession,
    person: Person | None,
    chat: Chat,
    owner: tuple[int | None, int | None] | None,
    now: datetime,
) -> AddedResult:
    """A channel: official when its adder is a school's administrator or an authority's
    person and the bot administers it; else they are told (once) how to make it one."""
    if person is None or owner is None:
        return AddedResult(chat, [])  # a teacher's or a stranger's channel: only recorded
    if chat.bot_admin:
        return AddedResult(chat, [], official=await make_official(session, chat, person, now),
                           adder=person)  # fmt: skip
    hint = chat.bot_admin is False and chat.rights_told_at is None
    if hint:
        chat.rights_told_at = now
    return AddedResult(chat, [], hint, adder=person)


async def _ask(
    session: AsyncSession, person: Person | None, chat: Chat, now: datetime
) -> list[ChatChoice]:
    """What to offer `person` for `chat`: their chat items still to confirm."""
    if person is None or not has_checklist(person) or chat.purpose is not None:
        return []
    view = await load_view(session, person, now)
    return open_chat_choices(view.states, await verify.verifications_of(session, person.id))


async def claim_unclaimed(
    session: AsyncSession, person: Person, now: datetime
) -> list[AddedResult]:
    """A person who just joined a school takes the chats they added the bot to (or own) while
    not registered: the chats become their school's, and they are asked what each is for."""
    if person.school_id is None:
        return []
    claimed = []
    for chat in await repo.unclaimed_of(session, person.max_user_id):
        chat.school_id, chat.added_by = person.school_id, person.id
        people.audit(session, "chat.claimed", at=now, person_id=person.id, chat=chat.chat_id)
        if chat.channel:
            official = await make_official(session, chat, person, now) if chat.bot_admin else None
            claimed.append(AddedResult(chat, [], official=official, adder=person))
        else:
            claimed.append(AddedResult(chat, await _ask(session, person, chat, now)))
    return claimed


async def bot_removed(
    session: AsyncSession, person: Person | None, *, chat_id: int, user_id: int, now: datetime
) -> Chat | None:
    """Mark the chat as left (the row and any item it confirmed stay)."""
    _forget_group_as_dialog(person, chat_id)
    chat = await repo.chat_by_max_id(session, chat_id)
    if chat is not None:
        chat.removed_at = now
    people.audit(
        session, "chat.removed", at=now, person_id=person.id if person else None,
        chat=chat_id, user=user_id, known=chat is not None,
    )  # fmt: skip
    return chat


class PurposeOutcome(StrEnum):
    VERIFIED = "verified"  # the matching item is done and verified
    OTHER = "other"  # recorded as another chat
    ALREADY = "already"  # the chat's purpose was chosen before; nothing changed
    REMOVED = "removed"  # the bot has left the chat meanwhile
    NOT_APPLICABLE = "not_applicable"  # the person has no item for this purpose
    FORBIDDEN = "forbidden"  # the chat was not added by this person
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PurposeResult:
    outcome: PurposeOutcome
    chat_title: str | None = None
    purpose: str | None = None
    item_title: str | None = None


async def choose_purpose(
    session: AsyncSession,
    person: Person,
    chat_row_id: int,
    purpose: str | None,
    now: datetime,
    class_id: int | None = None,
) -> PurposeResult:
    """The person who added the bot says what the chat is for (`purpose` None = another chat)
    and of which of their classes (`class_id`; None: the first still without such a chat)."""
    chat = await repo.get_chat(session, chat_row_id)
    if chat is None:
        return PurposeResult(PurposeOutcome.UNKNOWN)
    if chat.added_by is None or chat.added_by != person.id:
        people.audit(session, "forbidden", at=now, person_id=person.id, what="chat", chat=chat.id)
        return PurposeResult(PurposeOutcome.FORBIDDEN)
    if chat.removed_at is not None:
        return PurposeResult(PurposeOutcome.REMOVED, chat.title)
    if chat.purpose is not None:
        return PurposeResult(PurposeOutcome.ALREADY, chat.title, chat.purpose)
    if purpose is None:
        chat.purpose = OTHER
        people.audit(session, "chat.purpose", at=now, person_id=person.id, chat=chat.chat_id,
                     purpose=OTHER)  # fmt: skip
        return PurposeResult(PurposeOutcome.OTHER, chat.title, OTHER)
    if not has_checklist(person):
        return PurposeResult(PurposeOutcome.NOT_APPLICABLE, chat.title)
    view = await load_view(session, person, now)
    matching = [
        s
        for s in view.states
        if s.item.evidence == Evidence.CHAT and s.item.chat_purpose == purpose
        and (class_id is None or (s.slot is not None and s.slot.class_id == class_id))
    ]  # fmt: skip
    # a class teacher of several classes: the first class still without such a chat
    state = next((s for s in matching if s.status != Status.DONE), None) or next(
        iter(matching), None
    )
    if state is None:
        return PurposeResult(PurposeOutcome.NOT_APPLICABLE, chat.title)
    code = state.item.code
    slot = state.slot
    period = slot.period if slot is not None else ""
    class_id = slot.class_id if slot is not None else None
    chat.purpose, chat.class_id = purpose, class_id
    if state.status != Status.DONE:
        await people.set_answer(session, person.id, code, Status.DONE, now, period, class_id)
    await verify.set_verification(
        session, person.id, code, Verification.VERIFIED, at=now, by=None, period=period
    )
    people.audit(
        session, "chat.purpose", at=now, person_id=person.id, chat=chat.chat_id,
        purpose=purpose, item=code,
    )  # fmt: skip
    title = item_title(state.item.title, state.class_label)
    return PurposeResult(PurposeOutcome.VERIFIED, chat.title, purpose, title)


# --- counting who is in the class chats ----------------------------------------------------

MEMBERS_KEPT_DAYS = 7  # a chat not read for this long (no rights, left) loses its hashes
KEY_STATE = "member_hash_key"

KeyOf = Callable[[int], str]


async def member_hasher(session: AsyncSession) -> KeyOf:
    """`user_id -> keyed hash`, with `MEMBER_HASH_KEY` or the bot's own key (made once, kept in
    `bot_state`; two processes making it at once agree on the first one written)."""
    configured = get_settings().member_hash_key
    if configured:
        key = configured.encode()
    else:
        stored = await state.get(session, KEY_STATE)
        if stored is None:
            await state.swap(session, KEY_STATE, None, secrets.token_hex(32))
            stored = await state.get(session, KEY_STATE)
            assert stored is not None
        key = bytes.fromhex(stored)
    return lambda user_id: member_key(key, user_id)


async def recount(session: AsyncSession, chat: Chat, now: datetime, key_of: KeyOf) -> None:
    """Count the chat's members again: bots are never stored; the school's staff are left out."""
    staff: set[str] = set()
    if chat.school_id is not None:
        staff = {key_of(u) for u in await repo.staff_user_ids(session, chat.school_id)}
    counted = count_members(await repo.members_of(session, chat.id), staff, now)
    chat.present, chat.active, chat.counted_at = counted.present, counted.active, now


async def member_joined(
    session: AsyncSession, *, chat_id: int, user_id: int, is_bot: bool, at: datetime,
    now: datetime,
) -> bool:  # fmt: skip
    """`user_added`: someone joined a chat the bot administers. True if counted."""
    chat = await repo.chat_by_max_id(session, chat_id)
    if chat is None or chat.removed_at is not None or is_bot:
        return False
    key_of = await member_hasher(session)
    await repo.add_member(session, chat.id, key_of(user_id), at, now)
    chat.bot_admin = True  # MAX tells only an administrator
    await recount(session, chat, now, key_of)
    return True


async def member_left(session: AsyncSession, *, chat_id: int, user_id: int, now: datetime) -> bool:
    """`user_removed`: someone left (or was removed from) a chat the bot administers."""
    chat = await repo.chat_by_max_id(session, chat_id)
    if chat is None or chat.removed_at is not None:
        return False
    key_of = await member_hasher(session)
    await repo.drop_member(session, chat.id, key_of(user_id))
    await recount(session, chat, now, key_of)
    return True


async def rights_changed(session: AsyncSession, *, chat_id: int, now: datetime) -> bool:
    """`bot_admin_permissions_changed`: read the chat's rights (and members) at once."""
    chat = await repo.chat_by_max_id(session, chat_id)
    if chat is None or chat.removed_at is not None:
        return False
    chat.refresh_at = now
    return True


def rights_changed_in(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> Callable[[int], Awaitable[None]]:
    """The `RightsChanged` hook of the seam `bot.max.seam`, over the database."""

    async def hook(chat_id: int) -> None:
        async with sessionmaker() as session:
            if await rights_changed(session, chat_id=chat_id, now=utcnow()):
                await session.commit()

    return hook


class RefreshNews(StrEnum):
    COUNTING = "counting"  # the bot became an administrator: it counts now
    NO_RIGHTS = "no_rights"  # it is not one (told once per chat)
    OFFICIAL = "official"  # a channel became the school's / authority's official one


@dataclass(frozen=True)
class RefreshResult:
    chat: Chat
    news: RefreshNews | None
    tell: Person | None  # whom to tell (the person who added the bot), if anyone
    figure: Coverage | None  # the chat's figure now, when it is a class's students/parents chat
    official: Official | None = None  # OFFICIAL: what it confirmed


async def refresh_chat(
    session: AsyncSession,
    chat: Chat,
    facts: ChatFacts,
    members: Sequence[SeenMember] | None,
    now: datetime,
    policy: Policy,
) -> RefreshResult:
    """What MAX told about the chat now (its rights; its members when the bot may see them)
    replaces what was known; the next read is due in `CHAT_REFRESH_HOURS`. The person who
    added the bot is told (after quiet hours) when it starts counting, and once that it
    cannot."""
    result = await _refresh(session, chat, facts, members, now)
    tell = result.tell
    org = (tell.school or tell.authority) if tell is not None else None
    if result.news is None or tell is None or org is None:
        return result
    rows = menu_keyboard(tell.id)
    if result.news is RefreshNews.COUNTING:
        line = chat_texts.figure(result.figure) if result.figure is not None else None
        text = chat_texts.now_counting(chat.title, line)
    elif result.news is RefreshNews.OFFICIAL:
        assert result.official is not None
        text = chat_texts.channel_official(
            chat.title, result.official.for_authority, result.official.items
        )
        rows = channel_keyboard(tell.id, result.official.for_authority)
    elif chat.channel:
        text = chat_texts.channel_rights_hint(chat.title)
        rows = channel_keyboard(tell.id, chat.authority_id is not None)
    else:
        text = chat_texts.rights_hint(chat.title)
    await queue(
        session, key=f"chat:{chat.id}:{result.news}:{now:%Y%m%d%H%M}", kind="chat",
        to=tell, text=text, rows=rows, not_before=first_allowed_moment(now, org.tz, policy),
    )  # fmt: skip
    return result


async def _refresh(
    session: AsyncSession,
    chat: Chat,
    facts: ChatFacts,
    members: Sequence[SeenMember] | None,
    now: datetime,
) -> RefreshResult:
    was_admin = chat.bot_admin
    if facts.bot_admin is not None:
        chat.bot_admin = facts.bot_admin
    if facts.title is not None:
        chat.title = facts.title
    if facts.participants is not None:
        chat.participants = facts.participants
    key_of = await member_hasher(session)
    if members is not None:
        rows = [(key_of(m.user_id), m.joined_at, m.last_access_at) for m in members]
        await repo.replace_members(session, chat.id, rows, now)
        await recount(session, chat, now, key_of)
    elif chat.bot_admin is False:  # it cannot see who is there: no figure, no hashes
        await repo.drop_members(session, chat.id)
        chat.present = chat.active = None
    chat.refresh_at = now + timedelta(hours=get_settings().chat_refresh_hours)
    adder = await session.get(Person, chat.added_by) if chat.added_by is not None else None
    if chat.channel:
        return _channel_news(chat, adder, await _channel_refreshed(session, chat, adder, now), now)
    if adder is None or chat.school_id is None or adder.left_at is not None:
        return RefreshResult(chat, None, None, None)
    news = None
    if chat.bot_admin and was_admin is False and members is not None:
        news = RefreshNews.COUNTING
    elif chat.bot_admin is False and chat.rights_told_at is None:
        news = RefreshNews.NO_RIGHTS
        chat.rights_told_at = now
    return RefreshResult(chat, news, adder, await chat_figure(session, chat))


async def _channel_refreshed(
    session: AsyncSession, chat: Chat, adder: Person | None, now: datetime
) -> Official | None:
    """A channel read again: official now if the bot has become its administrator."""
    if adder is None or not chat.bot_admin:
        return None
    return await make_official(session, chat, adder, now)


def _channel_news(
    chat: Chat, adder: Person | None, official: Official | None, now: datetime
) -> RefreshResult:
    """What the adder of a channel of their school or authority is told: that it is the
    official one now, or (once) how to make the bot its administrator. Anyone else: nothing."""
    if adder is None or channel_owner(adder) is None:
        return RefreshResult(chat, None, None, None)
    if official is not None:
        return RefreshResult(chat, RefreshNews.OFFICIAL, adder, None, official)
    if chat.bot_admin is False and chat.rights_told_at is None:
        chat.rights_told_at = now
        return RefreshResult(chat, RefreshNews.NO_RIGHTS, adder, None)
    return RefreshResult(chat, None, None, None)


async def chat_figure(session: AsyncSession, chat: Chat) -> Coverage | None:
    """The chat's class figure («Чат родителей 5А: 18 из 26 — 69 %»), if it is a counted
    class chat."""
    if chat.school_id is None or chat.class_id is None:
        return None
    counts = (await repo.class_chat_counts(session, [chat.school_id])).get(chat.school_id, [])
    mine = [c for c in counts if c.class_id == chat.class_id and c.purpose == chat.purpose]
    figures = class_coverage(mine)
    return figures[0] if figures else None


async def forget_member_everywhere(session: AsyncSession, max_user_id: int) -> None:
    """Erasure: the person's hash leaves every chat they were counted in."""
    key_of = await member_hasher(session)
    await repo.forget_member(session, key_of(max_user_id))


async def forget_unread_members(session: AsyncSession, now: datetime) -> None:
    """Retention: hashes of chats the bot has not read for `MEMBERS_KEPT_DAYS` days."""
    await repo.forget_unseen(session, now - timedelta(days=MEMBERS_KEPT_DAYS))


@dataclass(frozen=True)
class ClassChats:
    """A school's class chats: one figure per class and chat, and the school's totals."""

    figures: list[Coverage]
    school: SchoolCoverage


async def class_chats_of(session: AsyncSession, school_ids: Sequence[int]) -> dict[int, ClassChats]:
    """Per school (two queries for any number of schools)."""
    counts = await repo.class_chat_counts(session, school_ids)
    sizes = await repo.class_sizes(session, school_ids)
    out = {}
    for school_id in school_ids:
        figures = class_coverage(counts.get(school_id, []))
        out[school_id] = ClassChats(
            figures, school_coverage(figures, sizes.get(school_id, {}).values())
        )
    return out
