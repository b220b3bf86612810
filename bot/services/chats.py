"""Group chats the bot is added to. MAX offers no way to list a bot's chats later, so every
`bot_added` is recorded (and `bot_removed` marks the row, which is kept).

A class teacher confirms a chat item (`item.evidence == "chat"`) by adding the bot to that
chat: they are asked in their dialog what the chat is for, and the matching item is marked done
and verified (verified_by None = by the bot). The bot never writes into the group itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import ItemState
from bot.rules.progress import item_title
from bot.services.checklist import has_checklist, load_view
from bot.vocab import Evidence, Status, Verification
from storage.models import Chat, Person
from storage.repo import chats as repo
from storage.repo import people, verify

OTHER = "other"  # Chat.purpose of a chat that closes no item


def open_chat_purposes(states: list[ItemState], verifications: dict[str, str | None]) -> list[str]:
    """Chat purposes of the person's chat items not yet confirmed (not "na"), in plan order."""
    out: list[str] = []
    for s in states:
        item = s.item
        if item.evidence != Evidence.CHAT or item.chat_purpose is None or s.status == Status.NA:
            continue
        if s.status == Status.DONE and verifications.get(s.key) == Verification.VERIFIED:
            continue
        if item.chat_purpose not in out:
            out.append(item.chat_purpose)
    return out


def _forget_group_as_dialog(person: Person | None, chat_id: int) -> None:
    """The context middleware takes the `chat_id` of bot_added/bot_removed for the person's
    dialog; a group chat must not be used to reconcile their outbox messages."""
    if person is not None and person.chat_id == chat_id:
        person.chat_id = None


@dataclass(frozen=True)
class AddedResult:
    chat: Chat
    ask: list[str]  # purposes to offer the person who added the bot; [] = stay silent
    rights_hint: bool = False  # tell them to make the bot an administrator of the chat


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
) -> AddedResult:
    """Record the chat; when the adder has chat items still to confirm, say which to offer."""
    _forget_group_as_dialog(person, chat_id)
    chat = await repo.upsert_chat(
        session, chat_id=chat_id, title=title,
        school_id=person.school_id if person is not None else None,
        added_by=person.id if person is not None else None,
        added_by_user_id=user_id, added_at=now,
    )  # fmt: skip
    people.audit(
        session, "chat.added", at=now, person_id=person.id if person else None,
        chat=chat_id, user=user_id, title=title, channel=is_channel,
    )  # fmt: skip
    ask = [] if is_channel else await _ask(session, person, chat, now)
    # Without administrator rights MAX shows the bot neither the members nor who joins: a
    # school's teacher is told once, when they add it (not a stranger, not for a channel).
    hint = (
        bot_admin is False and not is_channel and person is not None and chat.school_id is not None
    )
    return AddedResult(chat, ask, hint)


async def _ask(
    session: AsyncSession, person: Person | None, chat: Chat, now: datetime
) -> list[str]:
    """The purposes to offer `person` for `chat`: their chat items still to confirm."""
    if person is None or not has_checklist(person) or chat.purpose is not None:
        return []
    view = await load_view(session, person, now)
    return open_chat_purposes(view.states, await verify.verifications_of(session, person.id))


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
    session: AsyncSession, person: Person, chat_row_id: int, purpose: str | None, now: datetime
) -> PurposeResult:
    """The person who added the bot says what the chat is for (`purpose` None = another chat)."""
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
    ]
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
    chat.purpose = purpose
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
