"""A synthetic region written straight into a fresh SQLite file.

N schools of mixed kinds (ОУ/ДОУ/УДО) and time zones, about 50 staff each (exactly 50 on
average), the built-in roadmap, and a month of history up to ``DAY``: answers (most done, some
"does not apply", some help requests, many items still open and overdue), school-level answers,
weekly KPI figures, reminders and escalations already sent, last weeks' digest snapshots and the
outbox rows of the reminders sent. Everything goes in with bulk inserts through SQLAlchemy Core
into a database migrated by ``storage.db.open_database`` — not through 25,000 joins.

``DAY`` is Tuesday 23.12.2025: the item "course" (deadline 30.12) reaches its 7-day reminder
that day, so the daily tick has a real wave to plan; the items due 30.11 are long overdue.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert

from bench._fake import dialog_id
from bench._history import history
from bench._names import GROUPS, SCHOOL_NAMES, person_name
from bot.plan import builtin_plan
from bot.rules.schedule import week_key
from bot.vocab import Kind, Role, Status
from storage.db import open_database
from storage.models import (
    Answer,
    Authority,
    DigestSnapshot,
    Escalation,
    HelpRequest,
    KpiEntry,
    Outbox,
    Person,
    ReminderLog,
    School,
    SchoolAnswer,
)

DAY = date(2025, 12, 23)  # a Tuesday (ISO week 2025-W52)
PLAN = "2025"  # the region runs the 2025 campaign's built-in plan (its dates fit DAY)
TICK_AT = time(10, 5)  # the local moment the daily reminder tick is planned at
REPORT_AT = time(12, 0)  # Moscow time: when the weekly reports are built
HISTORY_DAYS = 30  # answers are spread over the month before DAY
FIRST_USER_ID = 1_000_000  # MAX user ids of the synthetic people

KINDS = ((Kind.SCHOOL, 0.6), (Kind.PRESCHOOL, 0.3), (Kind.EXTRA, 0.1))
ZONES = (
    ("Europe/Moscow", 0.55),
    ("Asia/Yekaterinburg", 0.15),
    ("Europe/Samara", 0.08),
    ("Asia/Novosibirsk", 0.07),
    ("Asia/Omsk", 0.05),
    ("Asia/Krasnoyarsk", 0.04),
    ("Asia/Irkutsk", 0.03),
    ("Asia/Vladivostok", 0.02),
    ("Europe/Kaliningrad", 0.01),
)
# Share of class teachers and teachers among non-administrators; the rest are other staff.
ROLE_MIX = {Kind.SCHOOL: (0.35, 0.45), Kind.PRESCHOOL: (0.55, 0.10), Kind.EXTRA: (0.20, 0.60)}


@dataclass(frozen=True, slots=True)
class SchoolRow:
    id: int
    name: str
    kind: str
    tz: str
    staff: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    max_user_id: int
    name: str
    role: str
    school_id: int
    kind: str  # the school's kind
    answers: dict[str, str]  # personal items: code -> status, as stored


@dataclass
class Region:
    path: Path
    authority_id: int
    schools: list[SchoolRow]
    people: list[PersonRow]  # school staff (the authority's own people are not listed)
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table
    day: date = DAY

    @property
    def url(self) -> str:
        return f"sqlite+aiosqlite:///{self.path}"

    @property
    def report_now(self) -> datetime:
        """When the weekly reports are built: DAY at noon, Moscow time (UTC-aware)."""
        return local_moment(self.day, REPORT_AT, "Europe/Moscow")

    def tick_now(self, school: SchoolRow) -> datetime:
        """The school's local TICK_AT on DAY, as UTC."""
        return local_moment(self.day, TICK_AT, school.tz)

    def copy_to(self, path: Path) -> Region:
        """The same region in another file (a fresh copy for a benchmark that writes)."""
        shutil.copyfile(self.path, path)
        return replace(self, path=path)


def local_moment(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, ZoneInfo(tz)).astimezone(UTC)


def _pick(rnd: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rnd.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _staff_sizes(rnd: random.Random, schools: int, staff: int) -> list[int]:
    """About `staff` per school (±40 %), exactly `staff` on average."""
    sizes = []
    for _ in range(schools // 2):
        d = rnd.randint(0, max(staff * 2 // 5, 0))
        sizes += [staff + d, staff - d]
    if schools % 2:
        sizes.append(staff)
    rnd.shuffle(sizes)
    return [max(s, 3) for s in sizes]


def _moment(rnd: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rnd.random()


async def build_region(path: Path, schools: int = 500, staff: int = 50, seed: int = 1) -> Region:
    """Create and fill a fresh SQLite database at `path` (it must not exist)."""
    rnd = random.Random(seed)
    plan = builtin_plan(PLAN)
    day_start = datetime.combine(DAY, time(0), UTC)
    history_start = day_start - timedelta(days=HISTORY_DAYS)
    yesterday_evening = day_start - timedelta(hours=6)
    weeks = [week_key(DAY - timedelta(weeks=k)) for k in range(6, 0, -1)]  # W46..W51
    tables: dict[Table, list[dict]] = {
        t.__table__: []
        for t in (
            Authority,
            School,
            Person,
            Answer,
            SchoolAnswer,
            HelpRequest,
            KpiEntry,
            ReminderLog,
            Escalation,
            DigestSnapshot,
            Outbox,
        )
    }

    def add(model: type, **row: object) -> None:
        tables[model.__table__].append(row)

    authority_id = 1
    add(
        Authority,
        id=authority_id,
        name="Республика Коми (синтетический регион)",
        tz="Europe/Moscow",
        plan_toml=None,
        plan_name=PLAN,
        created_at=history_start,
    )
    school_rows: list[SchoolRow] = []
    people: list[PersonRow] = []
    next_person = 1
    counters = {kind: 0 for kind, _ in KINDS}
    for sid, size in enumerate(_staff_sizes(rnd, schools, staff), 1):
        kind, tz = _pick(rnd, KINDS), _pick(rnd, ZONES)
        counters[kind] += 1
        school = SchoolRow(sid, SCHOOL_NAMES[kind].format(counters[kind]), kind, tz, size)
        school_rows.append(school)
        add(
            School,
            id=sid,
            authority_id=authority_id,
            name=school.name,
            kind=kind,
            tz=tz,
            declared_staff=size + rnd.randint(0, 8),
            declared_students=size * rnd.randint(6, 14),
            created_at=history_start,
        )
        zeal = rnd.uniform(0.55, 1.15)  # how far this school has got
        share_ct, share_t = ROLE_MIX[kind]
        admins: list[int] = []
        for n in range(size):
            pid, next_person = next_person, next_person + 1
            if n < 2:
                role = Role.ADMIN
                admins.append(pid)
            else:
                r = rnd.random()
                role = (
                    Role.CLASS_TEACHER
                    if r < share_ct
                    else Role.TEACHER
                    if r < share_ct + share_t
                    else Role.STAFF
                )
            label = None
            if role == Role.CLASS_TEACHER:
                label = (
                    rnd.choice(GROUPS)
                    if kind == Kind.PRESCHOOL
                    else f"{rnd.randint(1, 11)}{rnd.choice('АБВГ')}"
                )
            joined = (
                day_start - timedelta(hours=rnd.uniform(8, 30))
                if rnd.random() < 0.03
                else _moment(rnd, history_start - timedelta(days=15), day_start - timedelta(days=2))
            )
            user_id = FIRST_USER_ID + pid
            name = person_name(rnd)
            paused = DAY + timedelta(days=rnd.randint(0, 10)) if rnd.random() < 0.02 else None
            gone = _moment(rnd, joined, yesterday_evening) if rnd.random() < 0.01 else None
            add(
                Person,
                id=pid,
                max_user_id=user_id,
                name=name,
                role=role,
                school_id=sid,
                authority_id=None,
                class_label=label,
                chat_id=dialog_id(user_id),
                unreachable_at=gone,
                paused_until=paused,
                awaiting=None,
                joined_at=joined,
                updated_at=joined,
            )
            # Answers: some have finished, most are part way, some have barely started.
            r = rnd.random()
            finished = r < 0.2
            pace = rnd.uniform(0.3, 0.9) if r < 0.75 else rnd.uniform(0, 0.25)
            p = 1.0 if finished else zeal * pace
            answers: dict[str, str] = {}
            answered_at: dict[str, datetime] = {}
            items = plan.personal_items_for(role, kind)
            for item in items:
                chance = p if item.code != "course" or finished else p * 0.5
                if rnd.random() >= chance:
                    continue
                s = rnd.random()
                status = (
                    Status.NA
                    if s < 0.05
                    else Status.HELP
                    if s < 0.11 and not finished
                    else Status.DONE
                )
                at = _moment(rnd, max(joined, history_start), yesterday_evening)
                answers[item.code], answered_at[item.code] = status, at
                add(
                    Answer,
                    person_id=pid,
                    item_code=item.code,
                    status=status,
                    answered_at=at,
                    verification=None,
                    verified_at=None,
                    verified_by=None,
                )
                if status == Status.HELP:
                    handled = rnd.random() < 0.3
                    add(
                        HelpRequest,
                        person_id=pid,
                        school_id=sid,
                        item_code=item.code,
                        comment=rnd.choice(
                            (None, None, "Не приходит код в MAX", "Не нахожу организацию в Сферуме")
                        ),
                        created_at=at,
                        handled_at=at + timedelta(hours=20) if handled else None,
                        handled_by=admins[0] if handled else None,
                    )
            history(DAY, add, pid, user_id, role, items, answers, answered_at, joined)
            people.append(PersonRow(pid, user_id, name, role, sid, kind, answers))
        for item in plan.school_items_for(kind):
            if rnd.random() < 0.7 * zeal:
                status = Status.DONE if rnd.random() < 0.92 else Status.HELP
                add(
                    SchoolAnswer,
                    school_id=sid,
                    item_code=item.code,
                    status=status,
                    answered_at=_moment(rnd, history_start, yesterday_evening),
                    person_id=rnd.choice(admins),
                )
        staff_weekly, families_weekly = rnd.uniform(5, 30) * zeal, rnd.uniform(1, 12) * zeal
        for week in weeks:
            staff_weekly = min(100.0, staff_weekly + rnd.uniform(0, 15))
            families_weekly = min(100.0, families_weekly + rnd.uniform(0, 8))
            if rnd.random() < 0.9:
                add(
                    KpiEntry,
                    school_id=sid,
                    week=week,
                    staff_weekly=round(staff_weekly, 1),
                    students_parents_weekly=round(families_weekly, 1),
                    entered_by=admins[0],
                    entered_at=day_start - timedelta(days=1),
                )
        for week, percent in ((weeks[-2], 30 * zeal), (weeks[-1], 38 * zeal)):
            add(
                DigestSnapshot,
                school_id=sid,
                week=week,
                percent=round(percent, 1),
                figures={},
                created_at=day_start - timedelta(days=8),
            )
    for _ in range(3):  # the authority's own specialists
        pid, next_person = next_person, next_person + 1
        add(
            Person,
            id=pid,
            max_user_id=FIRST_USER_ID + pid,
            name=person_name(rnd),
            role=Role.AUTHORITY,
            school_id=None,
            authority_id=authority_id,
            class_label=None,
            chat_id=dialog_id(FIRST_USER_ID + pid),
            unreachable_at=None,
            paused_until=None,
            awaiting=None,
            joined_at=history_start,
            updated_at=history_start,
        )
    async with open_database(f"sqlite+aiosqlite:///{path}") as engine, engine.begin() as conn:
        for table, rows in tables.items():
            for start in range(0, len(rows), 20_000):
                await conn.execute(insert(table), rows[start : start + 20_000])
    counts = {table.name: len(rows) for table, rows in tables.items()}
    return Region(path, authority_id, school_rows, people, counts)
