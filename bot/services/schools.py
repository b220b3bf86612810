"""The authority's schools from inside MAX: list, card, an administrator's invite, add."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import KINDS
from bot.rules.invites import deep_link
from bot.services import setup
from bot.vocab import Role
from storage.models import Person, School
from storage.repo import orgs, people

AWAITING_PREFIX = "addschool:"


@dataclass(frozen=True)
class SchoolInfo:
    school: School
    people: int
    admins: list[str]


async def list_schools(session: AsyncSession, authority_person: Person) -> list[SchoolInfo]:
    out: list[SchoolInfo] = []
    if authority_person.authority_id is None:
        return out
    for school in await orgs.schools_of(session, authority_person.authority_id):
        members = await people.members_of(session, school.id)
        admins = [m.name for m in members if m.role == Role.ADMIN]
        out.append(SchoolInfo(school, len(members), admins))
    return out


async def own_school(
    session: AsyncSession, authority_person: Person, school_id: int, now: datetime
) -> School | None:
    """The school if it belongs to the caller's authority; otherwise None (logged)."""
    school = await orgs.get_school(session, school_id)
    if school is None or school.authority_id != authority_person.authority_id:
        people.audit(session, "forbidden", at=now, person_id=authority_person.id,
                     what=f"school {school_id}")  # fmt: skip
        return None
    return school


async def school_info(session: AsyncSession, school: School) -> SchoolInfo:
    members = await people.members_of(session, school.id)
    return SchoolInfo(school, len(members), [m.name for m in members if m.role == Role.ADMIN])


async def admin_invite_link(
    session: AsyncSession, authority_person: Person, school: School, now: datetime, username: str
) -> str:
    invite = await setup.create_invite(
        session, role=Role.ADMIN, now=now, school_id=school.id, uses=1, days=30,
        created_by=authority_person.id,
    )  # fmt: skip
    return deep_link(username, invite.code)


def start_adding(person: Person, kind: str) -> bool:
    if kind not in KINDS:
        return False
    person.awaiting = f"{AWAITING_PREFIX}{kind}"
    return True


async def add_named(
    session: AsyncSession, person: Person, name: str, now: datetime
) -> School | None:
    """Create the school whose kind was chosen; None when the name is not acceptable."""
    kind = (person.awaiting or "").removeprefix(AWAITING_PREFIX)
    name = " ".join(name.split())
    if not 3 <= len(name) <= 200 or kind not in KINDS or person.authority_id is None:
        return None
    school_id = await setup.add_school(
        session, authority_id=person.authority_id, name=name, kind=kind, tz=None,
        staff=None, students=None, now=now,
    )  # fmt: skip
    person.awaiting = None
    people.audit(session, "school.add.bot", at=now, person_id=person.id, school_id=school_id)
    return await orgs.get_school(session, school_id)
