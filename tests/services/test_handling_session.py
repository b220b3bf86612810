"""One update, one commit: a handler's `commit()` inside a handling only flushes, so a
process killed after it and before the handling's end leaves nothing half done (the update
unclaimed, its redelivery or the webhook inbox handles it again, whole)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.clock import utcnow
from storage.db import commit_now, create_sessionmaker, handling_sessionmaker, open_database
from storage.models import Audit
from storage.repo import people


async def audits(sessionmaker) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Audit)))


async def test_a_handlers_commit_is_not_the_handlings_commit(db_url: str) -> None:
    async with open_database(db_url) as engine:
        plain = create_sessionmaker(engine)
        handling = handling_sessionmaker(plain)

        # A handling that dies after its handler's commit() leaves nothing behind.
        async with handling() as session:
            people.audit(session, "test.one", at=utcnow())
            await session.commit()  # what a handler does before it replies
            assert await session.scalar(select(func.count()).select_from(Audit)) == 1
            assert await audits(plain) == 0  # not in the database: the process may die now
        assert await audits(plain) == 0  # it died (the session closed without the end)

        # The handling's end commits the handler's writes and what came after, together.
        async with handling() as session:
            people.audit(session, "test.two", at=utcnow())
            await session.commit()
            people.audit(session, "test.reply", at=utcnow())
            await commit_now(session)
        assert await audits(plain) == 2

        # Outside a handling (the scheduler, the CLI), commit() commits.
        async with plain() as session:
            people.audit(session, "test.three", at=utcnow())
            await session.commit()
        assert await audits(plain) == 3
