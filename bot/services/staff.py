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
    GONE,
    NOT_JOINED,
    PAUSED,
    UNREACHABLE,
    Page,
    overdue_items,
    page_of,
    parse_declared,
    person_status,
)
from bot.rules.verify import merge_class_verifications
from bot.services import setup
from bot.services.checklist import ChecklistView, load_view, person_states
from bot.services.invites import school_of
from bot.services.outbox import first_allowed_moment, queue
from bot.services.roster import sync_joined
from bot.ui.keyboards.checklist import continue_keyboard
from bot.ui.texts import item_title
from bot.ui.texts import staff as t
from bot.vocab import Role
from storage.models import Person
from storage.repo import people
from storage.repo import staff as repo
from storage.repo import verify as checks
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
    declared_staff: int | None = None
    declared_students: int | None = None


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
    school_checks = await people.school_verifications(session, school.id)
    teaching = await people.teaching_in_schools(session, [school.id])
    members = await people.members_of(session, school.id)
    verified = await checks.verifications_in_schools(session, [school.id])
    class_answers = merge_class_answers([answers.get(m.id, {}) for m in members])
    class_checks = merge_class_verifications(
        [(answers.get(m.id, {}), verified.get(m.id, {})) for m in members]
    )
    out = []
    for member in members:
        states = person_states(
            school, member.role, member.joined_at, today, answers.get(member.id, {}),
            school_answers, teaching.get(member.id, ()), class_answers,
            verified.get(member.id, {}), class_checks, school_checks,
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
    await sync_joined(session, school_of(admin).id)  # links who joined before rows were linked
    roster = await repo.not_joined(session, school_of(admin).id)
    gone = await people.left_of(session, school_of(admin).id)
    counts = Counter(m.status for m in members)
    counts[NOT_JOINED], counts[GONE] = len(roster), len(gone)
    teaching = await people.class_labels_of(session, school_of(admin).id)
    if status_filter == NOT_JOINED:
        rows = [
            StaffRow(r.full_name, NOT_JOINED, r.role, r.class_label, position=r.position)
            for r in roster
        ]
    elif status_filter == GONE:
        rows = [StaffRow(p.name, GONE, p.role, None, p.id) for p in gone]
    else:
        rows = [
            StaffRow(
                m.person.name,
                m.status,
                m.person.role,
                ", ".join(teaching.get(m.person.id, ())) or None,
                m.person.id,
            )
            for m in members
            if status_filter == ALL or m.status == status_filter
        ]
    pg = page_of(len(rows), page)
    school = school_of(admin)
    return StaffPage(
        status_filter, rows[pg.start : pg.stop], pg, dict(counts), school.kind,
        school.declared_staff, school.declared_students,
    )  # fmt: skip


class DetailOutcome(StrEnum):
    SHOWN = "shown"
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PersonDetail:
    outcome: DetailOutcome
    view: ChecklistView | None = None
    status: str | None = None
    admin_id: int = 0  # who looks: the leave buttons are theirs, and not on their own page


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
    status = GONE if target.left_at is not None else person_status(
        view.states, view.today, paused_until=target.paused_until,
        unreachable_at=target.unreachable_at,
    )  # fmt: skip
    audit(session, "staff.view", at=now, person_id=admin.id, target=person_id)
    return PersonDetail(DetailOutcome.SHOWN, view, status, admin.id)


# --- people who leave ------------------------------------------------------------------------

WORKING, LEFT = "w", "l"  # the person's state when the leave button was drawn (its `seen`)


def seen_state(person: Person) -> str:
    return LEFT if person.left_at is not None else WORKING


class LeaveOutcome(StrEnum):
    ASK = "ask"  # the confirmation to show
    LEFT = "left"  # marked as no longer working at the school
    BACK = "back"  # the mark undone
    CANCELLED = "cancelled"
    STALE = "stale"  # the person's state changed since the button was drawn
    SELF = "self"  # an administrator cannot mark themselves
    LAST_ADMIN = "last_admin"  # the school would have no administrator left
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LeaveResult:
    outcome: LeaveOutcome
    person: Person | None = None
    detail: PersonDetail | None = None  # the person's page after the change


async def leave(
    session: AsyncSession, admin: Person, person_id: int, act: str, seen: str, now: datetime
) -> LeaveResult:
    """«Больше не работает в школе» on a person's page: act "ask" (the confirmation), "yes"
    (mark: `left_at`, audited "staff.left"), "no" (cancel), "back" (undo the mark, audited
    "staff.back"). `seen` is the state the button was drawn for: a stale button is refused.
    From the mark on, the person is out of every list and figure and gets no messages."""
    target = await repo.get_person(session, person_id)
    if target is None:
        return LeaveResult(LeaveOutcome.UNKNOWN)
    if target.school_id is None or target.school_id != admin.school_id:
        audit(session, "forbidden", at=now, person_id=admin.id, what=f"staff.leave:{person_id}")
        return LeaveResult(LeaveOutcome.FORBIDDEN)
    if target.id == admin.id:
        return LeaveResult(LeaveOutcome.SELF, target)
    if seen != seen_state(target) or act not in ("ask", "yes", "no", "back"):
        return LeaveResult(LeaveOutcome.STALE, target)
    if act == "back":
        if target.left_at is None:
            return LeaveResult(LeaveOutcome.STALE, target)
        target.left_at = None
        audit(session, "staff.back", at=now, person_id=admin.id, target=target.id)
        outcome = LeaveOutcome.BACK
    elif target.left_at is not None:
        return LeaveResult(LeaveOutcome.STALE, target)
    elif act == "no":
        outcome = LeaveOutcome.CANCELLED
    else:
        if target.role == Role.ADMIN:
            admins = [p for p in await people.members_of(session, target.school_id)
                      if p.role == Role.ADMIN]  # fmt: skip
            if len(admins) <= 1:
                return LeaveResult(LeaveOutcome.LAST_ADMIN, target)
        if act == "ask":
            return LeaveResult(LeaveOutcome.ASK, target)
        target.left_at, target.awaiting = now, None
        audit(session, "staff.left", at=now, person_id=admin.id, target=target.id,
              role=target.role, school_id=target.school_id)  # fmt: skip
        outcome = LeaveOutcome.LEFT
    await session.flush()
    return LeaveResult(outcome, target, await person_detail(session, admin, target.id, now))


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


# --- declared totals ---------------------------------------------------------------------------

AWAITING_TOTAL = "total:"  # + "staff" or "students": the number the administrator types
TOTALS = {"staff": "declared_staff", "students": "declared_students"}


def ask_total(admin: Person, what: str) -> bool:
    """Wait for the administrator to type the school's declared staff or students."""
    if what not in TOTALS:
        return False
    admin.awaiting = AWAITING_TOTAL + what
    return True


class TotalOutcome(StrEnum):
    SAVED = "saved"
    BAD = "bad"  # not a whole number 1..10000: nothing changed, the bot still waits


@dataclass(frozen=True)
class TotalResult:
    outcome: TotalOutcome
    what: str
    value: int | None = None


async def set_total(session: AsyncSession, admin: Person, typed: str, now: datetime) -> TotalResult:
    """The typed declared staff or students of the administrator's school (audited as
    "school.set"); a bad number changes nothing."""
    what = (admin.awaiting or "").removeprefix(AWAITING_TOTAL)
    value = parse_declared(typed)
    if value is None or what not in TOTALS:
        return TotalResult(TotalOutcome.BAD, what)
    school = school_of(admin)
    await setup.set_school(
        session, school_id=school.id, now=now, person_id=admin.id,
        **{what: value},  # type: ignore[arg-type]
    )  # fmt: skip
    admin.awaiting = None
    return TotalResult(TotalOutcome.SAVED, what, value)
