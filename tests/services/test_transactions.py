"""The services tests' own set-up: every test's work is rolled back, commits included."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.services import setup
from bot.vocab import Kind
from storage.models import Authority, School
from tests.support.region import World


async def schools(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(School)) or 0


@pytest.mark.parametrize("attempt", [1, 2])
async def test_a_committed_region_is_gone_for_the_next_test(
    session: AsyncSession, world: World, attempt: int
) -> None:
    await session.commit()  # a service's commit ends a savepoint, not the test's transaction
    assert await schools(session) == 2  # only this test's ОУ and ДОУ, whichever runs first
    assert await session.scalar(select(func.count()).select_from(Authority)) == 1


async def test_a_rollback_inside_the_test_keeps_what_was_committed_before(
    session: AsyncSession, world: World
) -> None:
    await session.commit()
    await setup.add_school(
        session, authority_id=world.authority_id, name="СОШ №2", kind=Kind.SCHOOL,
        tz=None, staff=None, students=None, now=utcnow(),
    )  # fmt: skip
    assert await schools(session) == 3
    await session.rollback()
    assert await schools(session) == 2
