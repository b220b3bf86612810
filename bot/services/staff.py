"""The administrator's view of the school's people (`/staff`) and «remind now» (`/remind`).

Everything acts on the administrator's own school; a person id from another school is
refused, changes nothing and is audited as "forbidden".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import ItemState, local_today
from bot.rules.progress import merge_class_answers
from bot.rules.schedule import Policy, to_local
from bot.rules.staff import (
    ALL,
    FILTERS,
    NOT_JOINED,
    PAUSED,
    UNREACHABLE,
    Page,
    overdue_items,
    page_of,
    person_status,
)
from bot.services.checklist import ChecklistView, load_view, person_states
from bot.services.invites import school_of
from bot.services.outbox import first_allowed_moment, queue
from bot.ui.keyboards.checklist import continue_keyboard
from bot.ui.texts import item_title
from bot.ui.texts import staff as t
from storage.models import Person
from storage.repo import people
from storage.repo import staff as repo
from storage.repo.people import audit


@dataclass(frozen=True)
class StaffRow:
    """One line of the list: a person of the school (person_id set) or a roster row not joined."""

    name: str
    status: str
    role: str
    class_label: str | None
    person_id: int | None = None
    position: str | None = None  # from the roster


@dataclass(frozen=True)
class StaffPage:
    status_filter: str
    rows: list[StaffRow]  # this page
    page: Page
    counts: dict[str, int]  # status -> people (not_joined: roster rows)
    kind: str


@dataclass(frozen=True)
class _Member:
    person: Person
    states: list[ItemState]
    status: str


async def _members(session: AsyncSession, admin: Person, now: datetime) -> list[_Member]:
    school = school_of(admin)
    today = local_today(now, school.tz)
    answers = await people.answers_in_school(session, school.id)
    school_answers = await people.school_answers(session, school.id)
    teaching = await people.teaching_in_schools(session, [school.id])
    members = await people.members_of(session, school.id)
    class_answers = merge_class_answers([answers.get(m.id, {}) for m in members])
    out = []
    for member in members:
        states = person_states(
            school, member.role, member.joined_at, today, answers.get(member.id, {}),
            school_answers, teaching.get(member.id, ()), class_answers,
        )  # fmt: skip
        status = person_status(
            states, today, paused_until=member.paused_until, unreachable_at=member.unreachable_at
        )
        out.append(_Member(member, states, status))
    return out


async def staff_page(
    session: AsyncSession, admin: Person, now: datetime, status_filter: str = ALL, page: int = 1
) -> StaffPage:
    """People of the administrator's school with their status, filtered, one page of 10.
    Raises ValueError for a filter the buttons never offer."""
    if status_filter not in FILTERS:
        raise ValueError(f"unknown staff filter {status_filter!r}")
    members = await _members(session, admin, now)
    roster = await repo.not_joined(session, school_of(admin).id)
    counts = Counter(m.status for m in members)
    counts[NOT_JOINED] = len(roster)
    if status_filter == NOT_JOINED:
        rows = [
            StaffRow(r.full_name, NOT_JOINED, r.role, r.class_label, position=r.position)
            for r in roster
        ]
    else:
        rows = [
            StaffRow(m.person.name, m.status, m.person.role, m.person.class_label, m.person.id)
            for m in members
            if status_filter == ALL or m.status == status_filter
        ]
    pg = page_of(len(rows), page)
    kind = school_of(admin).kind
    return StaffPage(status_filter, rows[pg.start : pg.stop], pg, dict(counts), kind)


class DetailOutcome(StrEnum):
    SHOWN = "shown"
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PersonDetail:
    outcome: DetailOutcome
    view: ChecklistView | None = None
    status: str | None = None


async def person_detail(
    session: AsyncSession, admin: Person, person_id: int, now: datetime
) -> PersonDetail:
    """A person's items with their states, for the administrator of the same school."""
    target = await repo.get_person(session, person_id)
    if target is None:
        return PersonDetail(DetailOutcome.UNKNOWN)
    if target.school_id is None or target.school_id != admin.school_id:
        audit(session, "forbidden", at=now, person_id=admin.id, what=f"staff.person:{person_id}")
        return PersonDetail(DetailOutcome.FORBIDDEN)
    view = await load_view(session, target, now)
    status = person_status(
        view.states, view.today, paused_until=target.paused_until,
        unreachable_at=target.unreachable_at,
    )  # fmt: skip
    audit(session, "staff.view", at=now, person_id=admin.id, target=person_id)
    return PersonDetail(DetailOutcome.SHOWN, view, status)


@dataclass(frozen=True)
class RemindResult:
    keys: list[str]  # outbox keys queued now (deliver them)
    now: int  # people nudged right away
    morning: int  # people whose nudge waits for the end of quiet hours (or Sunday)
    already: int  # people already nudged for that day
    skipped: int  # overdue but paused or unreachable
    sends_at: datetime | None  # during quiet hours: when the queued nudges go out (local)


def remind_key(person_id: int, day: date) -> str:
    return f"remind-now:{person_id}:{day.isoformat()}"


async def remind_now(
    session: AsyncSession, admin: Person, now: datetime, policy: Policy
) -> RemindResult:
    """Nudge everyone of the school with open overdue items (not paused, not unreachable,
    not the administrator pressing the button): one message per person per local day.

    The day in the key is the day the nudge goes out, so a nudge queued during quiet hours
    for the morning counts for that morning's day: pressing again then nudges nobody twice.
    """
    school = school_of(admin)
    not_before = first_allowed_moment(now, school.tz, policy)
    day = local_today(not_before, school.tz)
    today = local_today(now, school.tz)
    keys: list[str] = []
    counts = Counter[str]()
    for m in await _members(session, admin, now):
        late = overdue_items(m.states, today)
        if not late or m.person.id == admin.id:
            continue
        if m.status in (PAUSED, UNREACHABLE):
            counts["skipped"] += 1
            continue
        key = remind_key(m.person.id, day)
        items = [(item_title(s.item.title, s.class_label), s.due) for s in late]
        fresh = await queue(
            session, key=key, kind="remind-now", to=m.person, not_before=not_before,
            text=t.remind_message(m.person.name, items),
            rows=continue_keyboard(m.person.id),
        )  # fmt: skip
        if not fresh:
            counts["already"] += 1
        else:
            keys.append(key)
            counts["now" if not_before <= now else "morning"] += 1
    audit(
        session, "remind.now", at=now, person_id=admin.id, school_id=school.id,
        queued=len(keys), already=counts["already"],
    )  # fmt: skip
    return RemindResult(
        keys, counts["now"], counts["morning"], counts["already"], counts["skipped"],
        to_local(not_before, school.tz) if not_before > now else None,
    )  # fmt: skip
