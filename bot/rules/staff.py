"""Staff overview rules: a person's status from their items, and paging. Plain functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.rules.checklist import ItemState
from bot.rules.schedule import is_paused
from bot.rules.verify import Mark

OVERDUE = "overdue"
REVIEW = "review"  # a screenshot waits for the administrator's review
OPEN = "open"
DONE = "done"
PAUSED = "paused"
UNREACHABLE = "unreachable"
NOT_JOINED = "not_joined"  # expected from the roster, not in the bot yet
GONE = "left"  # marked by the administrator as no longer working at the school
ALL = "all"

# The order of the filter buttons and of the counters in the header.
STATUSES = (OVERDUE, REVIEW, OPEN, DONE, PAUSED, UNREACHABLE, NOT_JOINED, GONE)
OUTSIDE = (NOT_JOINED, GONE)
"""Statuses of rows that are not the school's people in the bot (not counted in «в боте»)."""
FILTERS = (ALL, *STATUSES)

PAGE_SIZE = 10


def overdue_items(states: Sequence[ItemState], today: date) -> list[ItemState]:
    """Open items whose deadline has passed, in plan order."""
    return [s for s in states if s.overdue(today)]


def person_status(
    states: Sequence[ItemState],
    today: date,
    *,
    paused_until: date | None,
    unreachable_at: datetime | None,
) -> str:
    """What the administrator sees for a person: unreachable (messages bounce), paused,
    overdue (an open item past its deadline), review (a screenshot waits for the
    administrator), done (every item closed), else open."""
    if unreachable_at is not None:
        return UNREACHABLE
    if is_paused(paused_until, today):
        return PAUSED
    if overdue_items(states, today):
        return OVERDUE
    if any(s.mark is Mark.PENDING for s in states):
        return REVIEW
    if all(s.closed for s in states):
        return DONE
    return OPEN


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: `number` is 1-based and always within 1..pages."""

    number: int
    pages: int
    total: int
    start: int  # index of the first row on this page
    stop: int  # index after the last row on this page

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_of(total: int, number: int, size: int = PAGE_SIZE) -> Page:
    """The page `number` of `total` rows, `size` per page; out-of-range numbers are clamped
    (a list that shrank since its buttons were drawn shows its last page)."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return Page(number, pages, total, start, min(start + size, total))


DECLARED_MIN, DECLARED_MAX = 1, 10000
"""The bounds of a school's declared staff or students (a whole number)."""


def parse_declared(text: str) -> int | None:
    """A declared total typed by a person: a whole number DECLARED_MIN..DECLARED_MAX (spaces
    between thousands allowed); None for anything else."""
    digits = "".join(text.split())
    if not digits.isascii() or not digits.isdigit():
        return None
    value = int(digits)
    return value if DECLARED_MIN <= value <= DECLARED_MAX else None
