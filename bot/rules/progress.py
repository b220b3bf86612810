"""Progress figures for a school and an authority. Plain functions over plain rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.plan import Plan
from bot.rules.calendar import Teaching
from bot.rules.checklist import CLOSED, Who, slots_for
from bot.rules.schedule import is_paused
from bot.rules.verify import CHECKABLE, Mark, Tally, mark_of, merge_class_verifications
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
    verifications: Mapping[str, str] = field(default_factory=dict)  # answer key -> not None


@dataclass(slots=True)
class ItemFigures:
    code: str
    title: str
    deadline: date | None
    school_level: bool
    checkable: bool = False  # its answers can be confirmed (a screenshot, a chat)
    applicable: int = 0  # people the item applies to (1 for a school-level item)
    verified: int = 0
    self_reported: int = 0
    pending: int = 0  # screenshots waiting for review: not done yet
    help: int = 0
    na: int = 0

    @property
    def done(self) -> int:
        """Verified or self-reported (`bot.rules.verify`)."""
        return self.verified + self.self_reported

    @property
    def counted(self) -> int:
        """The denominator: who the item applies to, less "does not apply to me"."""
        return self.applicable - self.na

    @property
    def tally(self) -> Tally:
        return Tally(self.verified, self.self_reported, self.pending,
                     self.counted - self.done - self.pending, self.na)  # fmt: skip

    def count(self, mark: Mark) -> None:
        if mark is Mark.VERIFIED:
            self.verified += 1
        elif mark is Mark.SELF_REPORTED:
            self.self_reported += 1
        elif mark is Mark.PENDING:
            self.pending += 1
        elif mark is Mark.NA:
            self.na += 1


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
    def tally(self) -> Tally:
        """Every answer counted, by its mark (`bot.rules.verify`)."""
        return sum((f.tally for f in self.items), Tally())

    @property
    def checked(self) -> Tally:
        """The answers of the items that can be confirmed (screenshots, chats), by mark."""
        return sum((f.tally for f in self.items if f.checkable), Tally())

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
    school_checks: Mapping[str, str] | None = None,
) -> SchoolProgress:
    """Per item: how many registered people are done (this period's answer of a recurring
    item, each class's of a class item); who has open overdue items (past their own due
    date). The same rule as each member's checklist (`slots_for`, `slot_states`), without
    building states: the weekly reports run it for every person of a region, several times.
    `school_added`: the local date the school was added (default: long ago);
    `school_checks`: the verifications of the school-level answers, by the same keys."""
    figures = {
        item.code: ItemFigures(
            item.code,
            item.worded(kind).title,
            item.deadline,
            item.scope == Scope.SCHOOL,
            item.evidence in CHECKABLE,
        )
        for item in plan.items
        if kind in item.kinds
    }
    overdue: list[tuple[str, list[str]]] = []
    paused = [
        (m.name, m.paused_until)
        for m in members
        if m.paused_until is not None and is_paused(m.paused_until, today)
    ]
    teachers = [m for m in members if m.classes]
    class_answers = merge_class_answers([m.answers for m in teachers])
    class_checks = merge_class_verifications([(m.answers, m.verifications) for m in teachers])
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
            verification = None
            if school_level:
                status, verification = school_answers.get(key), (school_checks or {}).get(key)
            else:
                status, verification = answers.get(key), member.verifications.get(key)
                if status is None and item.scope == Scope.CLASS:
                    status, verification = class_answers.get(key), class_checks.get(key)
            mark = mark_of(status, verification)
            if status not in CLOSED or mark is Mark.PENDING:
                all_closed = False  # a screenshot under review is not finished yet
                if status not in CLOSED and slot.due is not None and today > slot.due:
                    late.append(item_title(item.title, slot.class_label))
            f = figures[item.code]
            if school_level:  # once per school: the last administrator's count is the same
                f.applicable, f.verified, f.self_reported, f.pending, f.help, f.na = (
                    1, 0, 0, 0, 0, 0
                )  # fmt: skip
            else:
                f.applicable += 1
            f.count(mark)
            if status == Status.HELP:
                f.help += 1
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
