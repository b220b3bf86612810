"""Announcements: an admin (own school) or an authority (its schools) writes a text, sees a
preview with the number of recipients, confirms; delivery goes through the outbox.

An authority whose official channel the bot administers (`bot.services.chats`: recorded when
one of its people added the bot to it) may also publish there: audience "channel", one post
(outbox key `announce:{announcement}:channel`, kind `schedule.CHANNEL_POST`), previewed as the
subscribers will see it, sent only on «Опубликовать». This is the only way the bot writes into
a channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.audience import CHANNEL, Candidate, select_recipients, valid_audience
from bot.rules.schedule import Policy
from bot.rules.text import visible
from bot.services.outbox import first_allowed_moment, queue, queue_post
from bot.ui.keyboards.announce import report_keyboard
from bot.ui.keyboards.common import checklist_row
from bot.ui.texts import announce as t
from bot.vocab import Role
from storage.models import Announcement, Chat, Person
from storage.repo import announce as repo
from storage.repo import chats, people, schedule

AWAITING_PREFIX = "announce:"
MAX_TEXT = 3000
SYNC_LIMIT = 100  # larger waves are left to the scheduler's drain (rate-limited, logged)
REPORT_WITHIN = timedelta(days=30)  # waves older than this are not reported any more


def _author_title(author: Person) -> str:
    return t.author_title(author.role, author.school.kind if author.school else None)


def header_of(author: Person) -> tuple[str, str]:
    """(name, role title) for the header of the author's announcements."""
    return author.name, _author_title(author)


def _for_authority(person: Person) -> bool:
    return person.role == Role.AUTHORITY


async def channel_of(session: AsyncSession, author: Person) -> Chat | None:
    """The authority's official channel the bot administers, for one of its people."""
    if not _for_authority(author) or author.authority_id is None:
        return None
    return await chats.authority_channel(session, author.authority_id)


def _channel_key(announcement_id: int) -> str:
    return f"announce:{announcement_id}:channel"


async def _candidates(session: AsyncSession, author: Person) -> list[Person]:
    if _for_authority(author):
        if author.authority_id is None:
            return []
        return await repo.people_of_authority(session, author.authority_id)
    if author.school_id is None:
        return []
    return await people.members_of(session, author.school_id)


async def recipients(session: AsyncSession, author: Person, audience: str) -> list[Person]:
    everyone = await _candidates(session, author)
    teaching = await people.class_labels_of(session, author.school_id)
    chosen = set(
        select_recipients(
            audience,
            [
                Candidate(p.id, p.role, tuple(teaching.get(p.id, ())), p.unreachable_at is None)
                for p in everyone
            ],
            author.id,
        )
    )
    return [p for p in everyone if p.id in chosen]


async def class_labels(session: AsyncSession, author: Person) -> list[str] | None:
    """The class labels an administrator can address (one class teacher each); None for an
    authority, which addresses whole groups only."""
    if _for_authority(author) or author.school_id is None:
        return None
    return await repo.class_labels(session, author.school_id)


async def start_draft(
    session: AsyncSession, author: Person, audience: str, now: datetime
) -> Announcement | None:
    """A draft for `audience`; the author is then asked to type the text. None: bad audience
    (the channel too, when the authority has none the bot administers)."""
    if not valid_audience(audience, _for_authority(author)):
        return None
    if audience == CHANNEL and await channel_of(session, author) is None:
        return None
    draft = await repo.add_announcement(
        session,
        author_id=author.id,
        school_id=None if _for_authority(author) else author.school_id,
        authority_id=author.authority_id if _for_authority(author) else None,
        audience=audience,
        text="",
        created_at=now,
    )
    author.awaiting = f"{AWAITING_PREFIX}{draft.id}"
    return draft


class DraftOutcome(StrEnum):
    PREVIEW = "preview"
    ASKING = "asking"  # the text is not typed yet
    SENT = "sent"  # already confirmed
    TOO_LONG = "too_long"
    EMPTY = "empty"
    NOT_WAITING = "not_waiting"


@dataclass(frozen=True)
class Draft:
    outcome: DraftOutcome
    announcement: Announcement | None = None
    count: int = 0
    name: str = ""  # the header: the author's name and role
    title: str = ""
    channel: str | None = None  # audience "channel": the channel's title ("" untitled)


async def _preview(session: AsyncSession, author: Person, draft: Announcement) -> Draft:
    if draft.audience == CHANNEL:
        channel = await channel_of(session, author)
        title = None if channel is None else channel.title or ""
        return Draft(DraftOutcome.PREVIEW, draft, int(channel is not None), channel=title)
    count = len(await recipients(session, author, draft.audience))
    return Draft(DraftOutcome.PREVIEW, draft, count, *header_of(author))


async def set_text(session: AsyncSession, author: Person, text: str) -> Draft:
    """The typed text of the author's draft; returns the preview figures."""
    awaiting = author.awaiting or ""
    if not awaiting.startswith(AWAITING_PREFIX):
        return Draft(DraftOutcome.NOT_WAITING)
    text = visible(text).strip()
    if not text:
        return Draft(DraftOutcome.EMPTY)
    if len(text) > MAX_TEXT:
        return Draft(DraftOutcome.TOO_LONG)
    draft = await repo.get_announcement(session, int(awaiting.removeprefix(AWAITING_PREFIX)))
    author.awaiting = None
    if draft is None or draft.author_id != author.id or draft.confirmed_at is not None:
        return Draft(DraftOutcome.NOT_WAITING)
    draft.text = text
    return await _preview(session, author, draft)


async def reopen(
    session: AsyncSession, author: Person, announcement_id: int, now: datetime
) -> Draft:
    """The author's draft as it stands (before «Точно отменить?» and after «Нет»): its
    preview, or the question for its text; SENT when it went out meanwhile. Someone else's
    (a forged button) is refused (NOT_WAITING) and audited."""
    draft = await repo.get_announcement(session, announcement_id)
    if draft is None or draft.author_id != author.id:
        people.audit(session, "forbidden", at=now, person_id=author.id,
                     what=f"announcement {announcement_id} cancel")  # fmt: skip
        return Draft(DraftOutcome.NOT_WAITING)
    if draft.confirmed_at is not None:
        return Draft(DraftOutcome.SENT, draft)
    if not draft.text:
        return Draft(DraftOutcome.ASKING, draft)
    return await _preview(session, author, draft)


class SendOutcome(StrEnum):
    QUEUED = "queued"
    ALREADY = "already"
    FORBIDDEN = "forbidden"
    CANCELLED = "cancelled"
    NO_CHANNEL = "no_channel"  # the channel is gone, or the bot no longer administers it


@dataclass(frozen=True)
class Sending:
    outcome: SendOutcome
    announcement: Announcement | None = None
    keys: list[str] = field(default_factory=list)


async def confirm(
    session: AsyncSession, author: Person, announcement_id: int, now: datetime, policy: Policy
) -> Sending:
    """Queue the announcement for every recipient (exactly once each)."""
    draft = await repo.get_announcement(session, announcement_id)
    if draft is None or draft.author_id != author.id or not draft.text:
        people.audit(session, "forbidden", at=now, person_id=author.id,
                     what=f"announcement {announcement_id}")  # fmt: skip
        return Sending(SendOutcome.FORBIDDEN)
    if draft.confirmed_at is not None:
        return Sending(SendOutcome.ALREADY, draft)
    if draft.audience == CHANNEL:
        return await _publish(session, author, draft, now, policy)
    targets = await recipients(session, author, draft.audience)
    text = t.announcement(draft.text, *header_of(author))
    keys = []
    for person in targets:
        key = f"announce:{draft.id}:{person.id}"
        if person.school is not None:
            tz = person.school.tz
        else:
            assert author.authority is not None  # only an authority reaches beyond a school
            tz = author.authority.tz
        await queue(
            session, key=key, kind="announcement", to=person, text=text,
            not_before=first_allowed_moment(now, tz, policy), rows=checklist_row(person.id),
        )  # fmt: skip
        keys.append(key)
    draft.confirmed_at, draft.recipients = now, len(targets)
    people.audit(session, "announce", at=now, person_id=author.id, announcement=draft.id,
                 audience=draft.audience, recipients=len(targets))  # fmt: skip
    return Sending(SendOutcome.QUEUED, draft, keys)


async def _publish(
    session: AsyncSession, author: Person, draft: Announcement, now: datetime, policy: Policy
) -> Sending:
    """Queue the one post into the authority's channel (after its quiet hours)."""
    channel = await channel_of(session, author)
    if channel is None or author.authority is None:
        return Sending(SendOutcome.NO_CHANNEL, draft)
    key = _channel_key(draft.id)
    await queue_post(
        session, key=key, chat_id=channel.chat_id, text=t.channel_post(draft.text),
        not_before=first_allowed_moment(now, author.authority.tz, policy),
    )  # fmt: skip
    draft.confirmed_at, draft.recipients = now, 1
    people.audit(session, "announce", at=now, person_id=author.id, announcement=draft.id,
                 audience=draft.audience, recipients=1, chat=channel.chat_id)  # fmt: skip
    return Sending(SendOutcome.QUEUED, draft, [key])


async def cancel(
    session: AsyncSession, author: Person, announcement_id: int, now: datetime
) -> SendOutcome:
    """Drop the author's unsent draft. Someone else's (a forged button) is refused and
    audited; one already sent cannot be cancelled."""
    draft = await repo.get_announcement(session, announcement_id)
    if draft is None or draft.author_id != author.id:
        people.audit(session, "forbidden", at=now, person_id=author.id,
                     what=f"announcement {announcement_id} cancel")  # fmt: skip
        return SendOutcome.FORBIDDEN
    if draft.confirmed_at is not None:
        return SendOutcome.ALREADY
    await session.delete(draft)
    author.awaiting = None
    return SendOutcome.CANCELLED


async def delivered(session: AsyncSession, announcement_id: int) -> tuple[int, int]:
    """(delivered, queued) for the author's report."""
    sent, _, total = await repo.delivery_counts(session, announcement_id)
    return sent, total


def _report_key(announcement_id: int) -> str:
    return f"announce-report:{announcement_id}"


async def _report(session: AsyncSession, a: Announcement, now: datetime) -> str | None:
    """Queue the author's one final report if every message of `a` is delivered or given up
    (the job marker and the outbox key make it once, whoever gets there first); its key."""
    marker = _report_key(a.id)
    sent, dropped, total = await repo.delivery_counts(session, a.id)
    author = await session.get(Person, a.author_id) if a.author_id else None
    if sent + dropped < total or author is None or author.max_user_id < 0:
        return None
    if not await schedule.mark_job(session, marker, now):
        return None
    if a.audience == CHANNEL:
        text = t.channel_final(sent == total, a.text)
    else:
        text = t.announce_final(sent, total, a.text)
    await queue(
        session, key=marker, kind="announcement", to=author, text=text, not_before=now,
        rows=report_keyboard(),
    )  # fmt: skip
    return marker


async def report_if_finished(
    session: AsyncSession, announcement_id: int, now: datetime
) -> str | None:
    """Right after a small wave was delivered: the final report's outbox key, or None while
    messages still wait (the scheduler reports it then: `report_finished_waves`)."""
    a = await repo.get_announcement(session, announcement_id)
    if a is None or a.confirmed_at is None:
        return None
    return await _report(session, a, now)


async def report_finished_waves(session: AsyncSession, now: datetime) -> int:
    """Tell the authors of announcements whose wave has ended (every message delivered or
    given up, whatever its size) the final count, once. Returns reports queued."""
    waves = await repo.confirmed_since(session, now - REPORT_WITHIN)
    done = await schedule.jobs_done(session, [_report_key(a.id) for a in waves])
    queued = 0
    for a in waves:
        if _report_key(a.id) not in done and await _report(session, a, now) is not None:
            queued += 1
    return queued
