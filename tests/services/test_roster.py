"""Roster import: the service on a migrated database (the declared staff count)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.rules.roster import parse_csv
from bot.services import roster as service
from bot.services import setup
from bot.vocab import Kind, Role
from storage.models import School
from tests.support.region import World
from tests.support.roster import HEADER, csv_bytes


async def new_school(session: AsyncSession, world: World, staff: int | None) -> tuple[int, str]:
    """A school with (or without) a declared staff count, and an admin invite for it."""
    school_id = await setup.add_school(
        session, authority_id=world.authority_id, name="МБОУ Гимназия №1", kind=Kind.SCHOOL,
        tz="Europe/Moscow", staff=staff, students=None, now=utcnow(),
    )  # fmt: skip
    code = await setup.create_invite(session, role=Role.ADMIN, now=utcnow(), school_id=school_id)
    await session.commit()
    return school_id, code.code


async def test_declared_staff_follows_roster_unless_set_explicitly(
    session: AsyncSession, world: World
) -> None:
    rows = parse_csv(csv_bytes(HEADER, "А Б;;teacher;", "В Г;;staff;")).rows
    bigger = parse_csv(csv_bytes(HEADER, "А Б;;teacher;", "Д Е;;staff;")).rows
    free_id, _ = await new_school(session, world, staff=None)
    explicit = await session.get(School, world.school_id)  # --staff 40 from the CLI
    free = await session.get(School, free_id)
    assert explicit is not None and free is not None
    assert (await service.import_roster(session, explicit, rows, utcnow())).total == 2
    assert explicit.declared_staff == 40
    assert (await service.import_roster(session, free, rows, utcnow())).declared_staff == 2
    result = await service.import_roster(session, free, bigger, utcnow())
    assert (result.total, result.created, result.updated, result.kept) == (3, 1, 1, 1)
    assert free.declared_staff == 3  # it was the roster size: it follows the roster
    free.declared_staff = 10  # set by hand since: left alone
    await service.import_roster(session, free, rows, utcnow())
    assert free.declared_staff == 10
