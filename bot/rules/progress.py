"""Progress figures for a school and an authority. Plain functions over plain rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.plan import Plan
from bot.rules.calendar import Teaching
from bot.rules.checklist import CLOSED, Who, slots_for
from bot.rules.schedule import is_paused
from bot.vocab import Scope, Status

LONG_AGO = date(2000, 1, 1)  # a member or school with no known start: as of the plan's dates
_RANK: dict[str, int] = {Status.DONE: 3, Status.NA: 2, Status.HELP: 1}


@dataclass(frozen=True, slots=True)
class Member:
    person_id: int
    name: str
    role: str
    answers: Mapping[str, str]  # answer key -> status, personal and class items
    paused_until: date | None = None
    joined: date | None = None  # local date
    classes: tuple[Teaching, ...] = ()


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
    school_added: date | None = None,
    year: str | None = None,
) -> SchoolProgress:
    """Per item: how many registered people are done (this period's answer of a recurring
    item, each class's of a class item); who has open overdue items (past their own due
    date). The same rule as each member's checklist (`slots_for`, `slot_states`), without
    building states: the weekly reports run it for every person of a region, several times.
    `school_added`: the local date the school was added (default: long ago)."""
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
    class_answers = merge_class_answers([m.answers for m in members if m.classes])
    added = school_added or LONG_AGO
    finished = 0
    for member in members:
        answers = member.answers
        late: list[str] = []
        all_closed = True
        who = Who(member.role, member.joined or LONG_AGO, member.classes)
        for slot in slots_for(plan, kind, who, today, added, year):
            item = slot.item
            school_level = item.scope == Scope.SCHOOL
            key = slot.key
            if school_level:
                status = school_answers.get(key)
            else:
                status = answers.get(key)
                if status is None and item.scope == Scope.CLASS:
                    status = class_answers.get(key)
            if status not in CLOSED:
                all_closed = False
                if slot.due is not None and today > slot.due:
                    late.append(item_title(item.title, slot.class_label))
            if school_level:
                f = figures[item.code]
                f.applicable = 1
                f.done, f.help, f.na = (
                    int(status == Status.DONE),
                    int(status == Status.HELP),
                    int(status == Status.NA),
                )
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
    used = [f for f in figures.values() if f.applicable]
    return SchoolProgress(
        items=used, people=len(members), finished_people=finished, overdue=overdue, paused=paused
    )


def merge_class_answers(answer_maps: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """The class items' answers ("…#<class id>" keys) of several teachers as one map: the
    better news wins when two teachers of a class answered."""
    out: dict[str, str] = {}
    for answers in answer_maps:
        for key, status in answers.items():
            if "#" in key and _RANK.get(status, 0) > _RANK.get(out.get(key, ""), 0):
                out[key] = status
    return out


def item_title(title: str, class_label: str | None) -> str:
    """An item's title as a person sees it: a class item names its class."""
    return f"{title} — {class_label}" if class_label else title
