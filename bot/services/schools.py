"""The authority's schools from inside MAX: list, card, an administrator's invite, add."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import KINDS
from bot.rules.invites import deep_link
from bot.rules.staff import parse_declared
from bot.services import setup
from bot.vocab import Kind, Role
from storage.models import Person, School
from storage.repo import orgs, people

AWAITING_PREFIX = "addschool:"  # + kind: the name is typed next
AWAITING_STAFF = "addschool-staff:"  # + school id: its declared staff is typed next
AWAITING_STUDENTS = "addschool-pupils:"  # + school id: its declared students
ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan",
    "Asia/Kamchatka",
)  # fmt: skip
"""The time zones `/addschool` offers as buttons (UTC+2 … UTC+12)."""


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


# --- the rest of /addschool: the zone, the declared staff and students ------------------------


async def set_zone(
    session: AsyncSession, person: Person, school: School, zone: str, now: datetime
) -> bool:
    """The new school's time zone (one of ZONES, or "" to keep the authority's); then the bot
    waits for its declared staff. False for a zone the buttons never offer."""
    if zone and zone not in ZONES:
        return False
    if zone:
        await setup.set_school(session, school_id=school.id, now=now, tz=zone, person_id=person.id)
    person.awaiting = f"{AWAITING_STAFF}{school.id}"
    return True


def waiting_school(person: Person) -> tuple[str, int] | None:
    """("staff" | "students", school id) when the bot waits for a new school's total."""
    awaiting = person.awaiting or ""
    for prefix, what in ((AWAITING_STAFF, "staff"), (AWAITING_STUDENTS, "students")):
        if awaiting.startswith(prefix) and awaiting.removeprefix(prefix).isdigit():
            return what, int(awaiting.removeprefix(prefix))
    return None


async def next_total(
    session: AsyncSession, person: Person, typed: str | None, now: datetime
) -> tuple[str, School | None]:
    """A typed total for the new school (None: «Пропустить»). Returns (what comes next:
    "students" — ask for them, "done", or "bad" — not a whole number 1..10000, nothing
    changed), and the school."""
    waiting = waiting_school(person)
    school = None if waiting is None else await own_school(session, person, waiting[1], now)
    if waiting is None or school is None:
        person.awaiting = None
        return "done", school
    what = waiting[0]
    if typed is not None:
        value = parse_declared(typed)
        if value is None:
            return "bad", school
        await setup.set_school(
            session, school_id=school.id, now=now, person_id=person.id,
            **{what: value},  # type: ignore[arg-type]
        )  # fmt: skip
    if what == "staff" and school.kind == Kind.SCHOOL:
        person.awaiting = f"{AWAITING_STUDENTS}{school.id}"
        return "students", school
    person.awaiting = None
    return "done", school


def cancel_adding(person: Person) -> None:
    person.awaiting = None
