"""Progress figures for a school and an authority. Plain functions over plain rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.plan import Item, Plan
from bot.rules.checklist import CLOSED, plan_items
from bot.rules.schedule import is_paused
from bot.vocab import Scope, Status


@dataclass(frozen=True, slots=True)
class Member:
    person_id: int
    name: str
    role: str
    answers: Mapping[str, str]  # item code -> status, personal items only
    paused_until: date | None = None


@dataclass(slots=True)
class ItemFigures:
    code: str
    title: str
    deadline: date | None
    school_level: bool
    applicable: int = 0  # people the item applies to (1 for a school-level item)
    done: int = 0
    help: int = 0
    na: int = 0

    @property
    def counted(self) -> int:
        """The denominator: who the item applies to, less "does not apply to me"."""
        return self.applicable - self.na


@dataclass(slots=True)
class SchoolProgress:
    items: list[ItemFigures]
    people: int
    finished_people: int
    overdue: list[tuple[str, list[str]]] = field(default_factory=list)  # name -> item titles
    paused: list[tuple[str, date]] = field(default_factory=list)  # name -> paused until

    @property
    def done(self) -> int:
        return sum(f.done for f in self.items)

    @property
    def counted(self) -> int:
        return sum(f.counted for f in self.items)

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.counted if self.counted else 0.0


def school_progress(
    plan: Plan,
    kind: str,
    members: Sequence[Member],
    school_answers: Mapping[str, str],
    today: date,
) -> SchoolProgress:
    """Per item: how many registered people are done; who has open overdue items.

    The same rule as going through each member's `states_for` (an item is closed when done or
    "not for me", overdue when open after its deadline), without building the states: the
    weekly reports run it for every person of a region, several times.
    """
    figures = {
        item.code: ItemFigures(item.code, item.title, item.deadline, item.scope == Scope.SCHOOL)
        for item in plan.items
        if kind in item.kinds
    }
    overdue: list[tuple[str, list[str]]] = []
    paused = [
        (m.name, m.paused_until)
        for m in members
        if m.paused_until is not None and is_paused(m.paused_until, today)
    ]
    finished = 0
    by_role: dict[str, tuple[Item, ...]] = {}
    for member in members:
        answers = member.answers
        late: list[str] = []
        all_closed = True
        items = by_role.get(member.role)
        if items is None:
            items = by_role[member.role] = plan_items(plan, member.role, kind)
        for item in items:
            school_level = item.scope == Scope.SCHOOL
            status = (school_answers if school_level else answers).get(item.code)
            if status not in CLOSED:
                all_closed = False
                if item.deadline is not None and today > item.deadline:
                    late.append(item.title)
            if school_level:
                continue
            f = figures[item.code]
            f.applicable += 1
            if status == Status.DONE:
                f.done += 1
            elif status == Status.HELP:
                f.help += 1
            elif status == Status.NA:
                f.na += 1
        if late:
            overdue.append((member.name, late))
        if all_closed:
            finished += 1
    for item in plan.school_items_for(kind):
        f = figures[item.code]
        status = school_answers.get(item.code)
        f.applicable = 1
        f.done, f.help, f.na = (
            int(status == Status.DONE),
            int(status == Status.HELP),
            int(status == Status.NA),
        )
    used = [f for f in figures.values() if f.applicable]
    return SchoolProgress(
        items=used, people=len(members), finished_people=finished, overdue=overdue, paused=paused
    )
