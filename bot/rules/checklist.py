"""Checklist rules: item states, what is next, what is overdue. Plain functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.plan import Item, Plan
from bot.vocab import Scope, Status

CLOSED = frozenset({Status.DONE, Status.NA})


def local_today(now: datetime, tz: str) -> date:
    """The calendar date at `now` in the school's time zone: it decides when a day ends."""
    return now.astimezone(ZoneInfo(tz)).date()


@dataclass(frozen=True, slots=True)
class ItemState:
    item: Item
    status: str | None  # None = not answered yet

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def overdue(self, today: date) -> bool:
        deadline = self.item.deadline
        return not self.closed and deadline is not None and today > deadline


def item_states(items: Iterable[Item], answers: Mapping[str, str]) -> list[ItemState]:
    return [ItemState(item, answers.get(item.code)) for item in items]


def next_unanswered(states: Sequence[ItemState], after: str | None = None) -> ItemState | None:
    """The next item nobody answered, in plan order after `after`, wrapping around."""
    start = 0
    if after is not None:
        codes = [s.item.code for s in states]
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
    done: int
    na: int
    help: int
    unanswered: int
    overdue: int

    @property
    def open(self) -> int:
        return self.help + self.unanswered

    @property
    def finished(self) -> bool:
        return self.open == 0


def summarize(states: Sequence[ItemState], today: date) -> Summary:
    return Summary(
        total=len(states),
        done=sum(s.status == Status.DONE for s in states),
        na=sum(s.status == Status.NA for s in states),
        help=sum(s.status == Status.HELP for s in states),
        unanswered=sum(s.status is None for s in states),
        overdue=sum(s.overdue(today) for s in states),
    )


_ITEMS_FOR: dict[tuple[int, str, str], tuple[Plan, tuple[Item, ...]]] = {}
_ITEMS_FOR_MAX = 1024


def plan_items(plan: Plan, role: str, kind: str) -> tuple[Item, ...]:
    """`plan.items_for(role, kind)`, remembered per plan object (plans are immutable): a
    daily tick or a weekly report asks it once per person, tens of thousands of times."""
    key = (id(plan), role, kind)
    hit = _ITEMS_FOR.get(key)
    if hit is not None and hit[0] is plan:  # the same object, not a new one at a reused id
        return hit[1]
    if len(_ITEMS_FOR) >= _ITEMS_FOR_MAX:
        _ITEMS_FOR.clear()
    items = tuple(plan.items_for(role, kind))
    _ITEMS_FOR[key] = (plan, items)
    return items


_STATES: dict[tuple[int, str | None], ItemState] = {}
_STATES_MAX = 4096


def item_state(item: Item, status: str | None) -> ItemState:
    """ItemState(item, status), shared: it is immutable, and a daily tick needs a few hundred
    thousand of them over a few dozen distinct ones."""
    state = _STATES.get((id(item), status))
    if state is not None and state.item is item:  # not a new item at a reused id
        return state
    return _state(item, status)


def _state(item: Item, status: str | None) -> ItemState:
    if len(_STATES) >= _STATES_MAX:
        _STATES.clear()
    state = _STATES[(id(item), status)] = ItemState(item, status)
    return state


def states_for(
    plan: Plan,
    role: str,
    kind: str,
    answers: Mapping[str, str],
    school_answers: Mapping[str, str],
) -> list[ItemState]:
    """A person's items in plan order: personal ones from their answers, school-level ones
    (administrators only) from the school's answers."""
    states = []
    for item in plan_items(plan, role, kind):
        status = (school_answers if item.scope == Scope.SCHOOL else answers).get(item.code)
        state = _STATES.get((id(item), status))
        if state is None or state.item is not item:  # not a new item at a reused id
            state = _state(item, status)
        states.append(state)
    return states
