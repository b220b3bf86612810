"""Checklist rules: item states, what is next, what is overdue. Plain functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.plan import Item, Plan
from bot.rules.calendar import Slot, Teaching, slot_of
from bot.rules.verify import DONE_MARKS, Mark, mark_of
from bot.vocab import Role, Scope, Status

CLOSED = frozenset({Status.DONE, Status.NA})


def local_today(now: datetime, tz: str) -> date:
    """The calendar date at `now` in the school's time zone: it decides when a day ends."""
    return now.astimezone(ZoneInfo(tz)).date()


@dataclass(frozen=True, slots=True)
class ItemState:
    """An item as a person has it now: its answer slot (period, own due date, class) and the
    slot's status. Without a slot: a one-off item due on its plan deadline."""

    item: Item
    status: str | None  # None = not answered yet
    slot: Slot | None = None
    verification: str | None = None  # of the answer (bot.vocab.Verification); None = none

    @property
    def closed(self) -> bool:
        """Nothing is asked of the person (a screenshot under review too: see `mark`)."""
        return self.status in CLOSED

    @property
    def mark(self) -> Mark:
        """What the answer is worth in every figure (`bot.rules.verify`)."""
        return mark_of(self.status, self.verification)

    @property
    def due(self) -> date | None:
        """The person's own due date (`bot.rules.calendar.slot_of`)."""
        return self.slot.due if self.slot is not None else self.item.deadline

    @property
    def key(self) -> str:
        return self.slot.key if self.slot is not None else self.item.code

    @property
    def ref(self) -> str:
        """The item as a button names it (code, or code.class-id)."""
        return self.slot.ref if self.slot is not None else self.item.code

    @property
    def class_label(self) -> str | None:
        return self.slot.class_label if self.slot is not None else None

    def overdue(self, today: date) -> bool:
        due = self.due
        return not self.closed and due is not None and today > due


def item_states(items: Iterable[Item], answers: Mapping[str, str]) -> list[ItemState]:
    return [ItemState(item, answers.get(item.code)) for item in items]


def next_unanswered(states: Sequence[ItemState], after: str | None = None) -> ItemState | None:
    """The next item nobody answered, in plan order after `after` (a `ref`), wrapping around."""
    start = 0
    if after is not None:
        codes = [s.ref for s in states]
        if after in codes:
            start = codes.index(after) + 1
    ordered = list(states[start:]) + list(states[:start])
    return next((s for s in ordered if s.status is None), None)


def first_open(states: Sequence[ItemState]) -> ItemState | None:
    """Where "continue" leads: the first unanswered item, else the first one waiting for help."""
    return next_unanswered(states) or next((s for s in states if s.status == Status.HELP), None)


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    done: int  # verified or self-reported (a screenshot under review is not done yet)
    na: int
    help: int
    unanswered: int
    overdue: int
    pending: int = 0  # screenshots waiting for the administrator
    verified: int = 0  # of `done`

    @property
    def open(self) -> int:
        return self.help + self.unanswered

    @property
    def finished(self) -> bool:
        return self.open == 0


def summarize(states: Sequence[ItemState], today: date) -> Summary:
    return Summary(
        total=len(states),
        done=sum(s.mark in DONE_MARKS for s in states),
        na=sum(s.status == Status.NA for s in states),
        help=sum(s.status == Status.HELP for s in states),
        unanswered=sum(s.status is None for s in states),
        overdue=sum(s.overdue(today) for s in states),
        pending=sum(s.mark is Mark.PENDING for s in states),
        verified=sum(s.mark is Mark.VERIFIED for s in states),
    )


@dataclass(frozen=True, slots=True)
class Who:
    """Whom a checklist is for, as time sees them: their role, the local date they joined,
    the classes they teach (a class teacher of none still has the class items, once)."""

    role: str
    joined: date
    classes: tuple[Teaching, ...] = ()

    @property
    def teaches(self) -> bool:
        return bool(self.classes) or self.role == Role.CLASS_TEACHER


def who_of(
    role: str,
    joined_at: datetime,
    tz: str,
    teaching: Sequence[tuple[int, str, datetime]] = (),
) -> Who:
    """A `Who` from stored facts: UTC moments become the school's local dates. `teaching`:
    (class id, label, since) rows (storage.repo.people.teaching_in_schools)."""
    zone = ZoneInfo(tz)
    return Who(
        role,
        joined_at.astimezone(zone).date(),
        tuple(Teaching(c, label, since.astimezone(zone).date()) for c, label, since in teaching),
    )


_SLOTS: dict[tuple[int, str, Who, date, date, str | None], tuple[Plan, tuple[Slot, ...]]] = {}
_SLOTS_MAX = 8192


def slots_for(
    plan: Plan, kind: str, who: Who, today: date, school_added: date, year: str | None = None
) -> tuple[Slot, ...]:
    """The answers a person owes today, in plan order: their personal items, the school's
    items (administrators), and each class item once per class they teach. `school_added`:
    the local date the school was added (school-level items count from it); `year`: the
    school year the school is in. Remembered: a daily tick asks it for every person."""
    cache_key = (id(plan), kind, who, today, school_added, year)
    hit = _SLOTS.get(cache_key)
    if hit is not None and hit[0] is plan:
        return hit[1]
    if len(_SLOTS) >= _SLOTS_MAX:
        _SLOTS.clear()
    out: list[Slot] = []
    for item in plan.items:
        if kind not in item.kinds:
            continue
        item = item.worded(kind)  # a kindergarten reads its own words
        if item.scope == Scope.CLASS:
            if not who.teaches:
                continue
            if who.classes:
                out += [slot_of(item, today, who.joined, plan, c, year) for c in who.classes]
            else:
                out.append(slot_of(item, today, who.joined, plan, None, year))
        elif item.scope == Scope.SCHOOL:
            if who.role == Role.ADMIN:
                out.append(slot_of(item, today, school_added, plan, None, year))
        elif who.role in item.roles or (who.classes and Role.CLASS_TEACHER in item.roles):
            out.append(slot_of(item, today, who.joined, plan, None, year))
    slots = tuple(out)
    _SLOTS[cache_key] = (plan, slots)
    return slots


def slot_states(
    slots: Sequence[Slot],
    answers: Mapping[str, str],
    school_answers: Mapping[str, str],
    class_answers: Mapping[str, str] | None = None,
    verifications: Mapping[str, str | None] | None = None,
    class_verifications: Mapping[str, str] | None = None,
    school_verifications: Mapping[str, str] | None = None,
) -> list[ItemState]:
    """The states of these slots: personal answers (keyed by `Slot.key`), the school's for
    school-level items, and for a class item the person's own answer or, failing it, any of
    the class's teachers' (`class_answers`); each with its answer's verification
    (`verifications`, `class_verifications`, `school_verifications` by the same keys)."""
    states = []
    own = verifications or {}
    for slot in slots:
        scope = slot.item.scope
        verification = None
        if scope == Scope.SCHOOL:
            status = school_answers.get(slot.key)
            verification = (school_verifications or {}).get(slot.key)
        else:
            status = answers.get(slot.key)
            verification = own.get(slot.key)
            if status is None and scope == Scope.CLASS and class_answers:
                status = class_answers.get(slot.key)
                verification = (class_verifications or {}).get(slot.key)
        states.append(ItemState(slot.item, status, slot, verification))
    return states


def states_for(
    plan: Plan,
    role: str,
    kind: str,
    answers: Mapping[str, str],
    school_answers: Mapping[str, str],
    *,
    today: date | None = None,
    joined: date | None = None,
    school_added: date | None = None,
    classes: tuple[Teaching, ...] = (),
    class_answers: Mapping[str, str] | None = None,
    year: str | None = None,
) -> list[ItemState]:
    """A person's items in plan order with their answers (see `slots_for`). Without dates
    (a quick look at a plan): as of the plan's own deadlines, joined long ago."""
    day = today or date(2000, 1, 1)
    who = Who(role, joined or day, classes)
    slots = slots_for(plan, kind, who, day, school_added or joined or day, year)
    return slot_states(slots, answers, school_answers, class_answers)
