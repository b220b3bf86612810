"""The education authority's view of its schools (`/rating`): schools ranked by completion with
their KPI figures, one school's progress, and overdue items across all its schools.

Every school of the authority is loaded with a handful of queries (schools, people, answers,
school answers, KPI entries), and the figures come from `bot.rules.progress.school_progress`,
the same function behind `/progress`, so the rating, the digest and the export agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import KpiStage, Plan
from bot.rules import kpi as rules
from bot.rules import standing as honest
from bot.rules.checklist import local_today
from bot.rules.progress import SchoolProgress
from bot.rules.schedule import Policy, week_key
from bot.rules.text import visible
from bot.services.chats import ClassChats, class_chats_of
from bot.services.outbox import first_allowed_moment, queue
from bot.services.plans import plan_for
from bot.services.progress import SchoolReport, progress_in, school_report
from bot.ui.keyboards.common import next_steps
from bot.ui.texts import authority as t
from bot.vocab import Role
from storage.models import Authority, KpiEntry, Person, School
from storage.repo import kpi as kpi_repo
from storage.repo import orgs, people
from storage.repo import verify as checks

OVERDUE_PAGE = 25  # people per page of the overdue list


@dataclass(frozen=True)
class Latest:
    """The newest entered figure of an indicator, with its trend against the week before."""

    week: str
    value: float
    trend: str | None


@dataclass(frozen=True)
class SchoolFigures:
    school: School
    today: date  # the school's local date
    progress: SchoolProgress
    registered: float | None  # share of declared staff, percent
    entries: dict[str, KpiEntry]  # week -> entry
    chats: ClassChats | None = None  # its class chats' figures
    joined: int = 0  # its people in the bot (every role)
    admins_seen: tuple[datetime | None, ...] = ()  # each administrator's last update

    def week(self, week: str, registered_before: list[int] | None = None) -> rules.SchoolWeek:
        """What its KPI figures of `week` are made of (`bot.rules.kpi.school_week`)."""
        this, before = self.entries.get(week), self.entries.get(rules.previous_week(week))
        return rules.SchoolWeek(
            self.joined,
            self.school.declared_staff,
            {ind: None if this is None else getattr(this, ind) for ind in rules.ENTERED},
            {ind: None if before is None else getattr(before, ind) for ind in rules.ENTERED},
            registered_before,
        )

    @property
    def standing(self) -> honest.Standing:
        """Its honest figures: the share of the declared staff (`bot.rules.standing`)."""
        return honest.standing(self.school.name, self.progress, self.school.declared_staff)

    def latest(self, indicator: str) -> Latest | None:
        weeks = sorted(
            (w for w, e in self.entries.items() if getattr(e, indicator) is not None),
            reverse=True,
        )
        if not weeks:
            return None
        value = getattr(self.entries[weeks[0]], indicator)
        before = self.entries.get(rules.previous_week(weeks[0]))
        previous = None if before is None else getattr(before, indicator)
        return Latest(weeks[0], value, rules.trend(value, previous))


async def authority_figures(
    session: AsyncSession, authority: Authority, now: datetime
) -> tuple[Plan, list[SchoolFigures]]:
    """Every school of the authority with its progress and KPI entries, in school-name order."""
    plan = plan_for(authority)
    schools = await orgs.schools_of(session, authority.id)
    members: dict[int, list[Row]] = defaultdict(list)  # light rows: id, name, role, ...
    for person in await kpi_repo.members_of_authority(session, authority.id):
        members[person.school_id or 0].append(person)
    answers = await kpi_repo.answers_of_authority(session, authority.id)
    school_answers = await kpi_repo.school_answers_of_authority(session, authority.id)
    teaching = await people.teaching_in_schools(session, [s.id for s in schools])
    verifications = await checks.verifications_of_authority(session, authority.id)
    school_checks = await people.school_verifications_of_schools(session, [s.id for s in schools])
    entries: dict[int, dict[str, KpiEntry]] = defaultdict(dict)
    for entry in await kpi_repo.entries_of_authority(session, authority.id):
        entries[entry.school_id][entry.week] = entry
    class_chats = await class_chats_of(session, [s.id for s in schools])
    out = []
    for school in schools:
        today = local_today(now, school.tz)
        people_here = members.get(school.id, [])
        progress = progress_in(
            school, people_here, answers, school_answers.get(school.id, {}), teaching, now,
            verifications, school_checks.get(school.id, {}),
        )  # fmt: skip
        out.append(
            SchoolFigures(
                school=school,
                today=today,
                progress=progress,
                registered=rules.registration_share(len(people_here), school.declared_staff),
                entries=entries.get(school.id, {}),
                chats=class_chats.get(school.id),
                joined=len(people_here),
                admins_seen=tuple(p.seen_at for p in people_here if p.role == Role.ADMIN),
            )
        )
    return plan, out


def ranked(schools: list[SchoolFigures]) -> list[SchoolFigures]:
    """Highest share of the declared staff first (`bot.rules.standing.rank_key`)."""
    return sorted(schools, key=lambda s: honest.rank_key(s.standing))


@dataclass(frozen=True)
class Ranking:
    authority: Authority
    plan: Plan
    today: date  # the authority's local date
    week: str
    schools: list[SchoolFigures]  # best first
    targets: dict[str, KpiStage | None]  # indicator -> stage in force today


async def ranking(session: AsyncSession, authority: Authority, now: datetime) -> Ranking:
    plan, schools = await authority_figures(session, authority, now)
    today = local_today(now, authority.tz)
    return Ranking(
        authority=authority,
        plan=plan,
        today=today,
        week=week_key(today),
        schools=ranked(schools),
        targets={ind: rules.stage_in_force(plan, ind, today) for ind in rules.INDICATORS},
    )


class SchoolAccess(Enum):
    OK = "ok"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class OpenedSchool:
    access: SchoolAccess
    school: School | None = None
    report: SchoolReport | None = None
    today: date | None = None


async def open_school(
    session: AsyncSession, person: Person, school_id: int, now: datetime
) -> OpenedSchool:
    """One school's progress, as its administrator sees it in `/progress`. A school outside
    the person's authority (a forged button) is refused and audited as "forbidden"."""
    school = await orgs.get_school(session, school_id)
    if school is None or person.authority_id is None or school.authority_id != person.authority_id:
        people.audit(
            session,
            "forbidden",
            at=now,
            person_id=person.id,
            what="authority.open_school",
            school_id=school_id,
        )
        return OpenedSchool(SchoolAccess.FORBIDDEN)
    report = await school_report(session, school, now)
    return OpenedSchool(SchoolAccess.OK, school, report, local_today(now, school.tz))


@dataclass(frozen=True)
class OverdueLine:
    school: str
    name: str
    titles: list[str]


@dataclass(frozen=True)
class OverduePage:
    lines: list[OverdueLine]
    page: int  # 0-based, clamped to the pages there are
    pages: int
    total: int  # people with overdue items, across all schools
    schools: int  # schools with anyone overdue
    today: date


async def overdue_across(
    session: AsyncSession, authority: Authority, now: datetime, page: int = 0
) -> OverduePage:
    """People with overdue items in every school of the authority, by school, a page at a time."""
    _, schools = await authority_figures(session, authority, now)
    lines = [
        OverdueLine(s.school.name, name, titles)
        for s in schools
        for name, titles in s.progress.overdue
    ]
    pages = max(1, math.ceil(len(lines) / OVERDUE_PAGE))
    page = min(max(page, 0), pages - 1)
    return OverduePage(
        lines=lines[page * OVERDUE_PAGE : (page + 1) * OVERDUE_PAGE],
        page=page,
        pages=pages,
        total=len(lines),
        schools=sum(1 for s in schools if s.progress.overdue),
        today=local_today(now, authority.tz),
    )


# --- «✉️ Написать администраторам»: the authority writes to a school's administrators ------

AWAITING_WRITE = "write:"  # + "{school id}:{minute}": the next typed text goes to its admins
MAX_NOTE = 3000  # characters of a message to the administrators
WRITE_WAIT_MINUTES = 30  # a text typed later is not sent: the person may have moved on


class WriteOutcome(StrEnum):
    ASKED = "asked"  # the bot waits for the text
    SENT = "sent"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # typed more than WRITE_WAIT_MINUTES after «✉️ Написать…»
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOBODY = "nobody"  # the school has no administrator in the bot
    FORBIDDEN = "forbidden"  # not a school of the person's authority


@dataclass(frozen=True)
class WriteResult:
    outcome: WriteOutcome
    school: str = ""
    sent: int = 0  # administrators written to
    keys: list[str] = field(default_factory=list)


async def _own_school(session: AsyncSession, person: Person, school_id: int, now: datetime,
                      what: str) -> School | None:  # fmt: skip
    """The school if it belongs to the person's authority; else None, audited as forbidden."""
    school = await orgs.get_school(session, school_id)
    if school is None or person.authority_id is None or school.authority_id != person.authority_id:
        people.audit(session, "forbidden", at=now, person_id=person.id, what=what,
                     school_id=school_id)  # fmt: skip
        return None
    return school


def _admins(members: list[Person]) -> list[Person]:
    return [p for p in members if p.role == Role.ADMIN]


async def ask_write(
    session: AsyncSession, person: Person, school_id: int, now: datetime
) -> WriteResult:
    """«✉️ Написать администраторам» under the digest: the person's next typed text will go to
    the school's administrators. The caller checked the authority role."""
    school = await _own_school(session, person, school_id, now, "authority.write")
    if school is None:
        return WriteResult(WriteOutcome.FORBIDDEN)
    if not _admins(await people.members_of(session, school.id)):
        return WriteResult(WriteOutcome.NOBODY, school.name)
    person.awaiting = f"{AWAITING_WRITE}{school.id}:{_minute(now)}"
    return WriteResult(WriteOutcome.ASKED, school.name)


def _minute(now: datetime) -> int:
    return int(now.timestamp() // 60)


def _waited(person: Person) -> tuple[int, int] | None:
    """(school id, minute asked) of a pending «✉️ Написать…», or None."""
    awaiting = person.awaiting or ""
    if not awaiting.startswith(AWAITING_WRITE):
        return None
    school, _, minute = awaiting.removeprefix(AWAITING_WRITE).partition(":")
    return (int(school), int(minute)) if school.isdigit() and minute.isdigit() else None


def waiting_write(person: Person) -> bool:
    return _waited(person) is not None


def write_school(person: Person) -> int:
    """The school a pending «✉️ Написать…» is for (0: none)."""
    waited = _waited(person)
    return waited[0] if waited else 0


def cancel_write(person: Person) -> WriteResult:
    if waiting_write(person):
        person.awaiting = None
    return WriteResult(WriteOutcome.CANCELLED)


async def write_admins(
    session: AsyncSession, person: Person, typed: str, now: datetime, policy: Policy
) -> WriteResult:
    """The typed text goes to every administrator of the school the person chose (at the end
    of the school's quiet hours if it is night there); audited as "authority.write"."""
    waited = _waited(person)
    if waited is None:
        return WriteResult(WriteOutcome.CANCELLED)
    school_id, asked = waited
    if _minute(now) - asked > WRITE_WAIT_MINUTES:
        person.awaiting = None
        return WriteResult(WriteOutcome.EXPIRED)
    note = visible(typed).strip()
    if not note:  # still waiting for the text
        return WriteResult(WriteOutcome.EMPTY)
    if len(note) > MAX_NOTE:
        return WriteResult(WriteOutcome.TOO_LONG)
    person.awaiting = None
    school = await _own_school(session, person, school_id, now, "authority.write")
    if school is None:
        return WriteResult(WriteOutcome.FORBIDDEN)
    admins = _admins(await people.members_of(session, school.id))
    if not admins:
        return WriteResult(WriteOutcome.NOBODY, school.name)
    stamp = int(now.timestamp() * 1_000_000)
    at = first_allowed_moment(now, school.tz, policy)
    keys = []
    for admin in admins:
        key = f"authority-note:{person.id}:{stamp}:{admin.id}"
        await queue(
            session, key=key, kind="note", to=admin, text=t.note_for_admin(person.name, note),
            not_before=at, rows=next_steps(admin.id, checklist=True, authority=False),
        )  # fmt: skip
        keys.append(key)
    people.audit(session, "authority.write", at=now, person_id=person.id, school_id=school.id,
                 recipients=len(admins))  # fmt: skip
    return WriteResult(WriteOutcome.SENT, school.name, len(admins), keys)
