"""Outer middleware: one DB session per update, the caller loaded from the database.

The session is the update's transaction and its outbox: the replies a handler sends through
`sender` are written in it and delivered only after it committed together with the update's
"handled" mark.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from maxapi.filters.middleware import BaseMiddleware, HandlerCallable
from maxapi.types import UpdateUnion
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utcnow
from bot.max.sender import Replies, Sender
from bot.max.updates import event_dialog, event_user, in_group_chat, seen_in_dialog, update_key
from bot.rules.schedule import Policy
from storage.repo import people, state

log = logging.getLogger(__name__)

Deliver = Callable[[list[str] | None], Awaitable[int]]
"""`deliver(keys)`: commit what the handler queued so far and send those outbox messages now."""


class ContextMiddleware(BaseMiddleware):
    """Injects into handlers: `session` (AsyncSession), `person` (Person, None for strangers),
    `user` (the MAX User), `dialog` (the chat id of the person's dialog with the bot, or None),
    `sender` (a `Reply`: `Replies` into the outbox), `policy` (Policy) and `deliver` (Deliver).
    """

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], sender: Sender, policy: Policy
    ) -> None:
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.policy = policy

    async def deliver(self, keys: list[str] | None) -> int:
        if not keys:
            return 0
        return await self.sender.drain(self.sessionmaker, keys=keys)

    async def __call__(
        self, handler: HandlerCallable, event_object: UpdateUnion, data: dict[str, Any]
    ) -> Any:
        if in_group_chat(event_object):  # a message in a class chat the bot administers: not ours
            return None
        user: User | None = event_user(event_object)
        if user is None:  # e.g. a message without a sender (a channel post): nobody to answer
            log.info("%s update without a user; ignored", event_object.update_type)
            return None
        async with self.sessionmaker() as session:
            person = await people.by_max_user(session, user.user_id)
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
