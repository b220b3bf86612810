"""Outer middleware: one DB session per update, the caller loaded from the database.

The session is the update's transaction and its outbox: its first write claims the update
(`processed_update`), the replies a handler sends through `sender` are written in it, and they
are delivered only after the claim and they committed together.
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
from storage.db import begin_write, commit_now, handling_sessionmaker
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
        self.handling = handling_sessionmaker(sessionmaker)  # a handler's commit() flushes
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
        async with self.handling() as session:
            # The claim is the transaction's first write: one handling per update, however
            # many processes MAX delivers it to and however often. Then the person's row is
            # locked, so what the handler reads is what the previous handling of their
            # updates committed (two taps in two processes are decided one after the other).
            key = update_key(event_object)
            if not await state.claim_update(session, key, utcnow()):
                log.info("update %s was handled before; skipped", key)
                return None
            person = await people.by_max_user(session, user.user_id, lock=True)
            dialog = event_dialog(event_object)
            if person is not None:
                seen_in_dialog(person, dialog, event_object, utcnow())
            replies = Replies(self.sender, session, key, dialog)

            async def deliver(keys: list[str] | None) -> int:
                # What the handler queued so far must be committed before it can be sent
                # (and SQLite has one writer); the claim is committed with it. Reply keys
                # are derived from the update, so nothing is queued twice.
                await commit_now(session)
                sent = await self.deliver(keys)
                await begin_write(session)  # what the handler reads next is still decided
                return sent

            data.update(
                session=session, person=person, user=user, dialog=dialog, sender=replies,
                policy=self.policy, deliver=deliver,
            )  # fmt: skip
            result = await handler(event_object, data)
            # The claim and the replies are committed together: a crash before this commit
            # leaves the update unclaimed for its redelivery (or the webhook inbox), a crash
            # after it leaves the replies in the outbox for the next drain. (A handler's own
            # commit() only flushed: `HandlingSession`.)
            await commit_now(session)
            await self.deliver(replies.keys)
            return result
