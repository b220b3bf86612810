"""Outer middleware: one DB session per update, the caller loaded from the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from maxapi.filters.middleware import BaseMiddleware, HandlerCallable
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.rules.schedule import Policy
from bot.sender import Sender
from storage.repo import people

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


def event_dialog(event: Any) -> int | None:
    """The chat id of the person's dialog with the bot, when the update comes from it."""
    chat_id = getattr(event, "chat_id", None)  # bot_started, bot_stopped, dialog_*
    if chat_id is not None:
        return chat_id
    message = getattr(event, "message", None)
    recipient = getattr(message, "recipient", None)
    if recipient is not None and recipient.chat_type == "dialog":
        return recipient.chat_id
    return None


GONE_UPDATES = ("bot_stopped", "dialog_removed")


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
        async with self.sessionmaker() as session:
            person = await people.by_max_user(session, user.user_id) if user else None
            dialog = event_dialog(event_object)
            if person is not None and seen_in_dialog(person, dialog, event_object):
                await session.commit()
            data.update(
                session=session, person=person, user=user, dialog=dialog, sender=self.sender,
                policy=self.policy, deliver=self.deliver,
            )  # fmt: skip
            return await handler(event_object, data)
