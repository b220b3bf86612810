"""Queueing scheduled messages in the outbox under exactly-once keys."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.schedule import Policy, next_allowed, to_local
from bot.ui.keyboards import Rows
from storage.models import Person, School
from storage.repo import schedule

T = TypeVar("T")


class Recipient(Protocol):
    """Who a message goes to: a Person, or a light row with these columns."""

    id: int
    max_user_id: int
    chat_id: int | None


def message(
    *,
    key: str,
    kind: str,
    to: Recipient,
    text: str,
    not_before: datetime,
    rows: Rows | None = None,
    image: bytes | None = None,
    file_name: str | None = None,
) -> dict[str, Any]:
    """The outbox row of a message for `to` (for `queue_many`); with `file_name`, `image`
    is a document sent under that name (`Sender.send_file`)."""
    return dict(
        key=key,
        kind=kind,
        person_id=to.id,
        user_id=to.max_user_id,
        chat_id=to.chat_id,
        text=text,
        buttons=rows or [],
        image=image,
        file_name=file_name,
        next_attempt_at=not_before,
    )


async def queue(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    to: Person,
    text: str,
    not_before: datetime,
    rows: Rows | None = None,
    image: bytes | None = None,
) -> bool:
    """Queue a message for `to`; False when a message with this key was queued before."""
    return await schedule.enqueue(
        session,
        **message(
            key=key, kind=kind, to=to, text=text, not_before=not_before, rows=rows, image=image
        ),
    )


async def queue_post(
    session: AsyncSession, *, key: str, chat_id: int, text: str, not_before: datetime
) -> bool:
    """Queue a post into a channel (`schedule.CHANNEL_POST`: sent by its chat id, no buttons);
    False when a message with this key was queued before."""
    return await schedule.enqueue(
        session, key=key, kind=schedule.CHANNEL_POST, person_id=None, user_id=chat_id,
        chat_id=chat_id, text=text, buttons=[], image=None, file_name=None,
        next_attempt_at=not_before,
    )  # fmt: skip


async def queue_many(session: AsyncSession, messages: list[dict[str, Any]]) -> int:
    """Queue many messages (built with `message`) in one statement, e.g. a school's daily
    reminders; those whose key was queued before are skipped. Returns how many are new."""
    return await schedule.enqueue_many(session, messages)


def first_allowed_moment(now: datetime, tz: str, policy: Policy) -> datetime:
    """`now`, or the end of quiet hours / Sunday in that zone, as UTC."""
    return next_allowed(to_local(now, tz), policy).astimezone(UTC)


async def plan_in_chunks(
    schools: Sequence[School], size: int, plan: Callable[[Sequence[School]], Awaitable[int]]
) -> int:
    """Plan `size` schools at a time (`plan` commits each chunk); returns messages queued."""
    queued = 0
    for start in range(0, len(schools), size):
        queued += await plan(schools[start : start + size])
    return queued


async def not_planned(
    session: AsyncSession, opened: list[tuple[School, T, str]]
) -> list[tuple[School, T, str]]:
    """The (school, period, marker) entries whose marker no earlier run has written."""
    done = await schedule.jobs_done(session, [marker for _, _, marker in opened])
    return [entry for entry in opened if entry[2] not in done]
