"""Outer middleware: one DB session per update, the caller loaded from the database."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from maxapi.filters.middleware import BaseMiddleware, HandlerCallable
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import utcnow
from bot.rules.schedule import Policy
from bot.sender import Replies, Sender
from storage.repo import people, state

log = logging.getLogger(__name__)

Deliver = Callable[[list[str] | None], Awaitable[int]]


def event_user(event: Any) -> Any | None:
    """The MAX user behind an update, read from the update itself (no API calls)."""
    callback = getattr(event, "callback", None)
    if callback is not None:
        return callback.user
    message = getattr(event, "message", None)
    if message is not None and getattr(message, "sender", None) is not None:
        return message.sender
    return getattr(event, "user", None)


DIALOG_UPDATES = ("bot_started", "bot_stopped", "dialog_cleared", "dialog_muted",
                  "dialog_unmuted", "dialog_removed")  # fmt: skip


def event_dialog(event: Any) -> int | None:
    """The chat id of the person's dialog with the bot, when the update comes from it."""
    if event.update_type in DIALOG_UPDATES:
        return getattr(event, "chat_id", None)
    message = getattr(event, "message", None)
    recipient = getattr(message, "recipient", None)
    if recipient is not None and recipient.chat_type == "dialog":
        return recipient.chat_id
    return None


GONE_UPDATES = ("bot_stopped", "dialog_removed")


def update_key(event: Any) -> str:
    """An identity of the update that stays the same when MAX delivers it again."""
    callback = getattr(event, "callback", None)
    if callback is not None:
        return f"cb:{callback.callback_id}"[:96]
    message = getattr(event, "message", None)
    body = getattr(message, "body", None)
    if body is not None and body.mid and event.update_type == "message_created":
        return f"msg:{body.mid}"[:96]
    user = event_user(event)
    chat_id = getattr(event, "chat_id", None)
    return f"{event.update_type}:{event.timestamp}:{chat_id}:{user and user.user_id}"[:96]


def seen_in_dialog(person: Any, dialog: int | None, event: Any) -> bool:
    """Note what an update from the person tells: their dialog's chat id, and that they can
    be written to again (unless the update is the one that says they left). True if changed."""
    changed = False
    if dialog is not None and person.chat_id != dialog:
        person.chat_id, changed = dialog, True
    if person.unreachable_at is not None and event.update_type not in GONE_UPDATES:
        person.unreachable_at, changed = None, True
    return changed


class ContextMiddleware(BaseMiddleware):
    """Injects into handlers: `session`, `person` (None for strangers), `user` (the MAX user),
    `sender`, `policy`, and `deliver(keys)` (send queued outbox messages now)."""

    def __init__(self, sessionmaker: async_sessionmaker, sender: Sender, policy: Policy) -> None:
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.policy = policy

    async def deliver(self, keys: list[str] | None) -> int:
        if not keys:
            return 0
        return await self.sender.drain(self.sessionmaker, keys=keys)

    async def __call__(
        self, handler: HandlerCallable, event_object: Any, data: dict[str, Any]
    ) -> Any:
        user = event_user(event_object)
        if user is None:  # e.g. a message without a sender (a channel post): nobody to answer
            log.info("%s update without a user; ignored", event_object.update_type)
            return None
        async with self.sessionmaker() as session:
            person = await people.by_max_user(session, user.user_id) if user else None
            dialog = event_dialog(event_object)
            if person is not None and seen_in_dialog(person, dialog, event_object):
                await session.commit()
            key = update_key(event_object)
            if await state.handled_before(session, key):
                log.info("update %s was handled before; skipped", key)
                return None
            replies = Replies(self.sender, session, key, dialog)

            async def deliver(keys: list[str] | None) -> int:
                # What the handler queued so far must be committed before it can be sent
                # (and SQLite has one writer). Reply keys are derived from the update, so a
                # repeated handling queues nothing twice.
                await session.commit()
                return await self.deliver(keys)

            data.update(
                session=session, person=person, user=user, dialog=dialog, sender=replies,
                policy=self.policy, deliver=deliver,
            )  # fmt: skip
            result = await handler(event_object, data)
            # The replies and the "handled" mark are committed together: a crash before this
            # commit lets MAX's redelivery handle the update again (handlers are idempotent),
            # a crash after it leaves the replies in the outbox for the next drain.
            await state.mark_handled(session, key, utcnow())
            await session.commit()
            await self.deliver(replies.keys)
            return result
