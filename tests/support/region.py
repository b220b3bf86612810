"""Set-up regions, created through the same service as the CLI.

``make_world``: the standard region (an authority, an ОУ, a ДОУ and an invite code per role);
``make_school``: an authority with its own plan and one school, for month-long simulations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.config import Settings
from bot.services import setup
from bot.vocab import Kind, Role
from tests.support.db import session_on


@dataclass
class World:
    """A set-up region: ids and invite codes created through the same service as the CLI."""

    authority_id: int
    school_id: int  # an ОУ
    preschool_id: int  # a ДОУ
    codes: dict[str, str]


async def make_world(settings: Settings) -> World:
    """The region on the test database (migrated first), committed."""
    async with session_on(settings, migrated=True) as session:
        world = await add_world(session)
        await session.commit()
    return world


async def add_world(session: AsyncSession) -> World:
    """The region, added in `session` (the caller commits or rolls back)."""
    now = utcnow()
    authority_id = await setup.add_authority(
        session, name="УО Княжпогостский", tz="Europe/Moscow", plan_toml=None, now=now
    )
    school_id = await setup.add_school(
        session,
        authority_id=authority_id,
        name="МАОУ СОШ №24",
        kind=Kind.SCHOOL,
        tz="Europe/Moscow",
        staff=40,
        students=400,
        now=now,
    )
    preschool_id = await setup.add_school(
        session,
        authority_id=authority_id,
        name="МБДОУ Детский сад №3",
        kind=Kind.PRESCHOOL,
        tz="Asia/Yekaterinburg",
        staff=20,
        students=120,
        now=now,
    )
    codes = {}
    for key, kw in {
        "teacher": dict(school_id=school_id, role=Role.TEACHER),
        "staff": dict(school_id=school_id, role=Role.STAFF),
        "class_teacher": dict(school_id=school_id, role=Role.CLASS_TEACHER, class_label="5А"),
        "admin": dict(school_id=school_id, role=Role.ADMIN),
        "dou_class_teacher": dict(
            school_id=preschool_id, role=Role.CLASS_TEACHER, class_label="Ромашка"
        ),
        "dou_admin": dict(school_id=preschool_id, role=Role.ADMIN),
        "authority": dict(authority_id=authority_id, role=Role.AUTHORITY),
    }.items():
        codes[key] = (await setup.create_invite(session, now=now, **kw)).code
    return World(authority_id, school_id, preschool_id, codes)


async def make_invite(settings: Settings, **kwargs: object) -> str:
    async with session_on(settings, migrated=True) as session:
        invite = await setup.create_invite(session, now=utcnow(), **kwargs)
        await session.commit()
        return invite.code


# The month-of-reminders school: a simulated month from a Monday, in Moscow time.
TZ = ZoneInfo("Europe/Moscow")
START = date(2026, 1, 5)  # a Monday
DAYS = 31  # to Wed 4 Feb 2026


def at(day: date, t: time) -> datetime:
    """That Moscow wall-clock moment, in UTC."""
    return datetime.combine(day, t, TZ).astimezone(UTC)


async def make_school(
    settings: Settings, plan: str, now: datetime, staff: int = 600
) -> dict[str, str]:
    """An authority with its own plan, one school, invite codes for teachers and the admin."""
    async with session_on(settings, migrated=True) as session:
        authority_id = await setup.add_authority(
            session, name="УО", tz="Europe/Moscow", plan_toml=plan, now=now
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name="СОШ №1", kind=Kind.SCHOOL, tz=None,
            staff=staff, students=None, now=now,
        )  # fmt: skip
        codes = {
            role: (
                await setup.create_invite(session, school_id=school_id, role=role, now=now, days=90)
            ).code
            for role in (Role.TEACHER, Role.ADMIN)
        }
        await session.commit()
    return codes
