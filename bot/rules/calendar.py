"""When an item is due for a person, and which answer of it counts now. Pure functions.

The time model (docs/ARCHITECTURE.md, "Time"):
- A one-off item with a ``deadline`` is due on that date, but never earlier than
  ``joined + plan.grace_days`` for the person (a school-level item: counted from the day the
  school was added): a late joiner is never overdue on their first day.
- A ``due_days`` item is due that many days after the person joined (a class item: after they
  became the teacher of that class).
- A recurring item has one answer per period: the ISO week ("2026-W49"), the month
  ("2026-12") or the school year ("2026/27"); the current period's answer is what counts,
  earlier ones are history. Due: the weekday of the week; the day of the month (past the
  month's end: its last day; a Saturday or Sunday moves back to the Friday before — reports
  are handed in on a working day; public holidays are not modelled); the "MM-DD" of the
  school year. A period whose due date came before the person joined is not theirs: their
  first one is the next period.
- A class item has one answer per class and school year (period "2026/27#<class id>"): it
  reopens every school year; its deadline counts from when the person became the teacher.
- Reminders never count from before the period began or the person joined (``Slot.starts``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from bot.plan import Item, Plan
from bot.plan.model import month_day
from bot.vocab import Every, Scope

FRIDAY, SATURDAY = 5, 6  # ISO weekdays


@dataclass(frozen=True, slots=True)
class Teaching:
    """A class a person teaches, as the checklist needs it."""

    class_id: int
    label: str
    since: date  # local date they became its teacher


@dataclass(frozen=True, slots=True)
class Slot:
    """One answer a person owes: an item in a period (and, for a class item, a class)."""

    item: Item
    period: str  # "" for a one-off item
    due: date | None  # None: an ongoing item, never reminded nor overdue
    starts: date  # reminders count from this day (the period began, or the person joined)
    class_id: int | None = None
    class_label: str | None = None

    @property
    def key(self) -> str:
        """The answer's key in the answers maps the repositories return (`answer_key`)."""
        return answer_key(self.item.code, self.period)

    @property
    def ref(self) -> str:
        """What a button names: the item code, plus ".<class id>" for a class item."""
        return self.item.code if self.class_id is None else f"{self.item.code}.{self.class_id}"


def answer_key(code: str, period: str) -> str:
    """ "code" for a one-off item's answer, "code@period" for a recurring or class one."""
    return code if not period else f"{code}@{period}"


# --- the school year ----------------------------------------------------------------------


def year_start(start_year: int, starts: str) -> date:
    md = month_day(starts)
    assert md is not None, starts
    return date(start_year, *md)


def school_year_of(day: date, starts: str = "09-01") -> str:
    """The school year `day` is in, e.g. "2026/27" for 1 December 2026."""
    first = day.year if day >= year_start(day.year, starts) else day.year - 1
    return year_label(first)


def year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def year_first(label: str) -> int:
    """The calendar year a school year label begins in ("2026/27" -> 2026)."""
    return int(label[:4])


def next_year(label: str) -> str:
    return year_label(year_first(label) + 1)


def year_bounds(label: str, starts: str = "09-01") -> tuple[date, date]:
    """The first day of the school year `label` and the first day of the next one."""
    first = year_first(label)
    return year_start(first, starts), year_start(first + 1, starts)


# --- periods --------------------------------------------------------------------------------


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_due(year: int, month: int, day: int) -> date:
    """The day of the month, clamped to its end, moved off a weekend to the Friday before."""
    due = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    weekday = due.isoweekday()
    if weekday > FRIDAY:
        due -= timedelta(days=weekday - FRIDAY)
    return due


class Recurring(Protocol):
    """What the period rules read: a plan item's or an authority duty's recurrence."""

    @property
    def every(self) -> Every | None: ...

    @property
    def day(self) -> int | str | None: ...


def _period(item: Recurring, day: date, starts: str) -> tuple[str, date, date]:
    """(period key, due date, first day of the period) of a recurring item's period holding
    `day`."""
    if item.every == Every.WEEK:
        assert isinstance(item.day, int)
        monday = day - timedelta(days=day.isoweekday() - 1)
        return week_key(day), monday + timedelta(days=item.day - 1), monday
    if item.every == Every.MONTH:
        assert isinstance(item.day, int)
        return f"{day:%Y-%m}", month_due(day.year, day.month, item.day), day.replace(day=1)
    assert isinstance(item.day, str)
    label = school_year_of(day, starts)
    first, _ = year_bounds(label, starts)
    md = month_day(item.day)
    assert md is not None
    due = date(first.year, *md)
    if due < first:
        due = date(first.year + 1, *md)
    return label, due, first


def _next_period_day(item: Recurring, first: date, starts: str) -> date:
    """A day in the period after the one beginning on `first`."""
    if item.every == Every.WEEK:
        return first + timedelta(days=7)
    if item.every == Every.MONTH:
        return (first + timedelta(days=32)).replace(day=1)
    return year_bounds(school_year_of(first, starts), starts)[1]


def recurring_slot(
    item: Recurring, today: date, joined: date, starts: str
) -> tuple[str, date, date]:
    """(period, due, reminders count from) of the answer a recurring item asks for now: this
    period's, or — when this period's due date came before the person joined — the next."""
    period, due, first = _period(item, today, starts)
    if due < joined:
        period, due, first = _period(item, _next_period_day(item, first, starts), starts)
    return period, due, max(first, joined)


def slot_of(
    item: Item,
    today: date,
    joined: date,
    plan: Plan,
    teaching: Teaching | None = None,
    year: str | None = None,
) -> Slot:
    """The answer `item` asks of a person now. `joined`: the local date the person joined (a
    school-level item: the school was added); `teaching`: the class of a class item; `year`:
    the school year the school is in (default: the calendar's)."""
    starts = plan.year_starts
    since = teaching.since if teaching is not None else joined
    class_id = teaching.class_id if teaching is not None else None
    label = teaching.label if teaching is not None else None
    school_year = year or school_year_of(today, starts)
    period = ""
    if item.scope == Scope.CLASS:
        period = f"{school_year}#{class_id}" if class_id is not None else school_year
        # a class item counts from its teacher's start, or from the school year's, if later
        since = max(since, year_bounds(school_year, starts)[0])
    if item.every is not None:
        p, due, begins = recurring_slot(item, today, since, starts)
        if item.scope == Scope.CLASS:
            due = max(due, since + timedelta(days=plan.grace_days))
        else:
            period = p
        return Slot(item, period, due, begins, class_id, label)
    if item.due_days is not None:
        return Slot(item, period, since + timedelta(days=item.due_days), since, class_id, label)
    if item.deadline is not None:
        due = max(item.deadline, since + timedelta(days=plan.grace_days))
        return Slot(item, period, due, since, class_id, label)
    return Slot(item, period, None, since, class_id, label)
